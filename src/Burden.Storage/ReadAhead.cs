using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>
/// Enumerates a source on one background task and transforms its items on a second, handing the results over in
/// chunks through bounded buffers: reading a file, fingerprinting its rows and writing them overlap, so ingest runs at
/// the pace of the slowest of the three rather than their sum.
/// </summary>
/// <remarks>
/// Items come out in source order. An exception thrown by the source or the transform reaches the reader as itself
/// (a <see cref="Burden.Core.Ingest.FileRefusedException"/> stays one), after the items before it. When the reader stops early,
/// both background tasks are cancelled and the source disposed before the enumeration ends.
/// </remarks>
internal static class ReadAhead
{
    private const int ChunkSize = 512;
    private const int ChunksBuffered = 8;

    public static async IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(
        IEnumerable<TIn> source, Func<TIn, TOut> transform, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(transform);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var read = Bounded<List<TIn>>();
        var transformed = Bounded<List<TOut>>();
        ExceptionDispatchInfo? sourceFailure = null;
        ExceptionDispatchInfo? transformFailure = null;
        var reader = Task.Run(async () =>
        {
            var chunk = new List<TIn>(ChunkSize);
            try
            {
                foreach (var item in source)
                {
                    chunk.Add(item);
                    if (chunk.Count == ChunkSize)
                    {
                        await read.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                        chunk = new List<TIn>(ChunkSize);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The reader stopped or was cancelled: nothing more is wanted.
                chunk.Clear();
            }
            // Hand-over boundary: whatever the source threw is rethrown, unchanged, on the reading side.
            catch (Exception ex)
            {
                sourceFailure = ExceptionDispatchInfo.Capture(ex);
            }
            await HandOverAsync(read.Writer, chunk, stop.Token).ConfigureAwait(false);
        }, CancellationToken.None);
        var transformer = Task.Run(async () =>
        {
            var chunk = new List<TOut>(ChunkSize);
            try
            {
                while (await read.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
                {
                    while (read.Reader.TryRead(out var items))
                    {
                        foreach (var item in items)
                        {
                            chunk.Add(transform(item));
                        }
                        await transformed.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                        chunk = new List<TOut>(ChunkSize);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                chunk.Clear();
            }
            // Hand-over boundary, as above; the source stops too, since nothing after this item will be wanted.
            catch (Exception ex)
            {
                transformFailure = ExceptionDispatchInfo.Capture(ex);
                await stop.CancelAsync().ConfigureAwait(false);
            }
            await HandOverAsync(transformed.Writer, chunk, CancellationToken.None).ConfigureAwait(false);
        }, CancellationToken.None);

        try
        {
            while (await transformed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (transformed.Reader.TryRead(out var chunk))
                {
                    foreach (var item in chunk)
                    {
                        yield return item;
                    }
                }
            }
            // A transform failure comes from an item before anything the source failed on later.
            transformFailure?.Throw();
            sourceFailure?.Throw();
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // Unblock a transformer waiting to hand over a chunk nobody will read.
            while (transformed.Reader.TryRead(out _))
            {
            }
            await transformer.ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    private static Channel<T> Bounded<T>() => Channel.CreateBounded<T>(new BoundedChannelOptions(ChunksBuffered)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Hands over what was read before the end (or before a failure), then closes the channel.</summary>
    private static async Task HandOverAsync<T>(ChannelWriter<List<T>> writer, List<T> chunk, CancellationToken cancellationToken)
    {
        try
        {
            if (chunk.Count > 0)
            {
                await writer.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader is gone.
        }
        finally
        {
            writer.Complete();
        }
    }
}
