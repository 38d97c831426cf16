using System.Security.Cryptography;
using Burden.Core.Ingest;

namespace Burden.Core.Tests.Ingest;

public class TempFileBufferTests
{
    private static readonly byte[] Content = [.. Enumerable.Range(0, 3 * 1024 * 1024).Select(i => (byte)(i * 7))];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Copy_ForwardOnlyStream_SameBytesAtStartHashedAndDeletedOnDispose(bool async)
    {
        using var source = new CsvTableTests.ForwardOnlyStream(new MemoryStream(Content));

        var (file, sha256) = async
            ? await TempFileBuffer.CopyAsync(source, "log.csv", Content.Length, CancellationToken.None)
            : TempFileBuffer.Copy(source, "log.csv", Content.Length);

        string path;
        using (file)
        {
            path = file.Name;
            Assert.Equal(0, file.Position);
            using var copy = new MemoryStream();
            file.CopyTo(copy);
            Assert.Equal(Content, copy.ToArray());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Content)), sha256);
        }
        Assert.False(File.Exists(path), "the temporary file outlived its stream");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Copy_OverLimit_RefusedNamingFileAndLimit(bool async)
    {
        using var source = new CsvTableTests.ForwardOnlyStream(new MemoryStream(Content));

        var refused = await Assert.ThrowsAsync<FileRefusedException>(async () =>
        {
            if (async)
            {
                await TempFileBuffer.CopyAsync(source, "big.csv", 2 * 1024 * 1024, CancellationToken.None);
            }
            else
            {
                TempFileBuffer.Copy(source, "big.csv", 2 * 1024 * 1024);
            }
        });

        Assert.Equal("big.csv", refused.File);
        Assert.StartsWith("the file is larger than the limit of 2 MiB", refused.Reason);
    }
}
