using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>
/// Enumerates a source on a background task, transforming each item there, and hands the results over in chunks
/// through a bounded buffer: parsing and fingerprinting a file overlap with writing it, so ingest runs at the pace
/// of the slower of the two rather than their sum.
/// </summary>
/// <remarks>
/// Items come out in source order. An exception thrown by the source or the transform reaches the reader as itself
/// (a <see cref="Burden.Core.Ingest.FileRefusedException"/> stays one), after the items before it. When the reader stops early,
/// the background task is cancelled and the source disposed before the enumeration ends.
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
        var channel = Channel.CreateBounded<List<TOut>>(new BoundedChannelOptions(ChunksBuffered)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Run(async () =>
        {
            var chunk = new List<TOut>(ChunkSize);
            try
            {
                foreach (var item in source)
                {
                    chunk.Add(transform(item));
                    if (chunk.Count == ChunkSize)
                    {
                        await channel.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                        chunk = new List<TOut>(ChunkSize);
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
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            try
            {
                // The items read before the end (or before a failure) go out first.
                if (chunk.Count > 0)
                {
                    await channel.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The reader is gone.
            }
            finally
            {
                channel.Writer.Complete();
            }
        }, CancellationToken.None);

        try
        {
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var chunk))
                {
                    foreach (var item in chunk)
                    {
                        yield return item;
                    }
                }
            }
            failure?.Throw();
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }
}
