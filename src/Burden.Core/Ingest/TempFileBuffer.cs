using System.Security.Cryptography;

namespace Burden.Core.Ingest;

/// <summary>
/// Copies a forward-only stream to a delete-on-close temporary file, hashing it (SHA-256) on the way and refusing it as
/// soon as it passes the size limit; the one place ingest buffers bytes it cannot seek in.
/// </summary>
internal sealed class TempFileBuffer : IDisposable
{
    private const int BufferBytes = 1 << 16;

    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly string _name;
    private readonly long _maxBytes;
    private long _total;
    private bool _handedOver;

    private TempFileBuffer(string name, long maxBytes)
    {
        _name = name;
        _maxBytes = maxBytes;
        _file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, BufferBytes,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    /// <summary>The file positioned at its start and the content's SHA-256 (lower-case hex); the caller disposes the file, which deletes it.</summary>
    /// <exception cref="FileRefusedException">The content is larger than <paramref name="maxBytes"/>; nothing is left on disk.</exception>
    public static async Task<(FileStream File, string Sha256)> CopyAsync(Stream content, string name, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new TempFileBuffer(name, maxBytes);
        var chunk = new byte[BufferBytes];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Count(chunk.AsSpan(0, read));
            await buffer._file.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
        return buffer.HandOver();
    }

    /// <summary>As <see cref="CopyAsync"/>, for a synchronous caller.</summary>
    /// <exception cref="FileRefusedException">The content is larger than <paramref name="maxBytes"/>; nothing is left on disk.</exception>
    public static (FileStream File, string Sha256) Copy(Stream content, string name, long maxBytes)
    {
        using var buffer = new TempFileBuffer(name, maxBytes);
        var chunk = new byte[BufferBytes];
        int read;
        while ((read = content.Read(chunk)) > 0)
        {
            buffer.Count(chunk.AsSpan(0, read));
            buffer._file.Write(chunk, 0, read);
        }
        return buffer.HandOver();
    }

    private void Count(ReadOnlySpan<byte> chunk)
    {
        _total += chunk.Length;
        if (_total > _maxBytes)
        {
            throw LogReader.TooLarge(_name, _maxBytes);
        }
        _hash.AppendData(chunk);
    }

    private (FileStream, string) HandOver()
    {
        _file.Position = 0;
        _handedOver = true;
        return (_file, Convert.ToHexStringLower(_hash.GetHashAndReset()));
    }

    /// <summary>Deletes the file unless it was handed over; releases the hash.</summary>
    public void Dispose()
    {
        _hash.Dispose();
        if (!_handedOver)
        {
            _file.Dispose();
        }
    }
}
