using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Storage;

namespace Burden.Core.Tests.Storage;

public class ReadAheadTests
{
    [Fact]
    public async Task RunAsync_ManyChunks_KeepsSourceOrderAndTransformsEachOnce()
    {
        var seen = new List<int>();
        await foreach (var item in ReadAhead.RunAsync(Enumerable.Range(0, 5_000), i => i * 2))
        {
            seen.Add(item);
        }

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => i * 2), seen);
    }

    [Fact]
    public async Task RunAsync_SourceThrowsPartWay_ItemsBeforeArriveThenTheSameException()
    {
        static IEnumerable<int> Refusing()
        {
            for (var i = 0; i < 1_500; i++)
            {
                yield return i;
            }
            throw new FileRefusedException("log.xlsx", RefusalKind.Damaged, "the workbook is truncated");
        }

        var seen = 0;
        var refused = await Assert.ThrowsAsync<FileRefusedException>(async () =>
        {
            await foreach (var _ in ReadAhead.RunAsync(Refusing(), i => i))
            {
                seen++;
            }
        });

        Assert.Equal(1_500, seen);
        Assert.Equal("the workbook is truncated", refused.Reason);
    }

    [Fact]
    public async Task RunAsync_TransformThrowsPartWay_ItemsBeforeArriveThenThatExceptionAndTheSourceIsDisposed()
    {
        var source = new EndlessSource();
        var seen = new List<int>();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in ReadAhead.RunAsync(source, i => i == 1_300 ? throw new InvalidOperationException("row 1300") : i))
            {
                seen.Add(item);
            }
        });

        Assert.Equal("row 1300", thrown.Message);
        Assert.Equal(Enumerable.Range(0, 1_300), seen);
        Assert.True(source.Disposed, "a failed transform stops and disposes the source");
    }

    [Fact]
    public async Task RunAsync_ReaderStopsEarly_SourceIsDisposedBeforeTheEnumerationEnds()
    {
        var source = new EndlessSource();

        await foreach (var item in ReadAhead.RunAsync(source, i => i))
        {
            if (item == 10)
            {
                break;
            }
        }

        Assert.True(source.Disposed, "the reader stopping disposes the source (a file reader, a temporary file)");
    }

    private sealed class EndlessSource : IEnumerable<int>
    {
        public bool Disposed { get; private set; }

        public IEnumerator<int> GetEnumerator()
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    yield return i;
                }
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
