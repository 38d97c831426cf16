using Burden.Core.Catalogue;

namespace Burden.Core.Ingest;

/// <summary>The format a file was read as.</summary>
public enum FileFormat
{
    /// <summary>Comma, semicolon or tab separated text.</summary>
    Csv,
    /// <summary>An Excel workbook (Office Open XML).</summary>
    Xlsx,
}

/// <summary>Opens a request log or catalogue (CSV or XLSX, recognised from its bytes) for streaming its rows.</summary>
/// <remarks>
/// A bad row never throws: it comes back as a <see cref="ParsedRow"/> with issues. A whole file is refused with
/// <see cref="FileRefusedException"/>, when opening or part-way through reading (an XLSX part found to inflate past the
/// limits).
/// </remarks>
public static class LogReader
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>Opens the file and reads up to its header row; the stream is not closed.</summary>
    /// <param name="content">The bytes, read from the current position; a non-seekable stream is buffered to a temporary file.</param>
    /// <param name="fileName">Name for messages (a folder part is dropped).</param>
    /// <param name="kind">Request log or catalogue; null to recognise from the headers.</param>
    /// <param name="orgCode">Organisation for a log without an <c>org_code</c> column, and for its blank cells.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="FileRefusedException">Empty, not CSV/XLSX, over a limit, or a required column missing.</exception>
    public static LogFile Open(Stream content, string fileName, LogKind? kind = null, OrgCode? orgCode = null, IngestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName);
        options ??= IngestOptions.Default;

        Stream seekable = content;
        Stream? owned = null;
        if (!content.CanSeek)
        {
            (owned, _) = TempFileBuffer.Copy(content, name, options.MaxFileBytes);
            seekable = owned;
        }
        var opened = false;
        try
        {
            var start = seekable.Position;
            var size = seekable.Length - start;
            if (size > options.MaxFileBytes)
            {
                throw TooLarge(name, options.MaxFileBytes);
            }
            if (size == 0)
            {
                throw new FileRefusedException(name, RefusalKind.Empty, "the file is empty (expected a header row, then one row per request)");
            }
            Span<byte> magic = stackalloc byte[4];
            var got = seekable.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            seekable.Position = start;
            TableReader table = got == 4 && magic.SequenceEqual(ZipSignature)
                ? XlsxTable.Open(seekable, name, kind, orgCode, options)
                : CsvTable.Open(seekable, name, kind, orgCode);
            var format = table is XlsxTable ? FileFormat.Xlsx : FileFormat.Csv;
            var headers = table.Header.Headers;
            var width = headers.Count;
            while (width > 0 && headers[width - 1].Length == 0)
            {
                width--;
            }
            if (width > options.MaxColumns)
            {
                table.Dispose();
                throw new FileRefusedException(name, RefusalKind.TooManyColumns, $"the header row has {width:N0} columns (expected at most {options.MaxColumns:N0}; remove the columns that are not part of the log)");
            }
            opened = true;
            return new LogFile(name, format, table, new RowBuilder(name, table.Header, orgCode, table.Date1904, options), owned);
        }
        finally
        {
            if (!opened)
            {
                owned?.Dispose();
            }
        }
    }

    internal static FileRefusedException TooLarge(string name, long limit) =>
        new(name, RefusalKind.TooLarge, $"the file is larger than the limit of {limit / (1024 * 1024)} MiB (expected a smaller file; split it or raise the limit)");
}

/// <summary>An opened request log or catalogue: what kind it is, the columns set aside, and its rows to stream once.</summary>
public sealed class LogFile : IDisposable
{
    private readonly TableReader _table;
    private readonly RowBuilder _builder;
    private readonly IDisposable? _owned;
    private bool _read;

    internal LogFile(string fileName, FileFormat format, TableReader table, RowBuilder builder, IDisposable? owned)
    {
        FileName = fileName;
        Format = format;
        _table = table;
        _builder = builder;
        _owned = owned;
    }

    /// <summary>The file name (no folder).</summary>
    public string FileName { get; }

    /// <summary>CSV or XLSX.</summary>
    public FileFormat Format { get; }

    /// <summary>Request log or catalogue, as asked or recognised from the headers.</summary>
    public LogKind Kind => _table.Header.Kind;

    /// <summary>The header row's cells as read.</summary>
    public IReadOnlyList<string> Headers => _table.Header.Headers;

    /// <summary>Header cells that matched no known column: kept aside, not fatal.</summary>
    public IReadOnlyList<string> UnknownColumns => _table.Header.UnknownColumns;

    /// <summary>The data rows, lazily, each accepted or rejected with its issues; blank rows are skipped. Enumerate once.</summary>
    /// <exception cref="FileRefusedException">Thrown during enumeration when an XLSX part breaks a limit.</exception>
    public IEnumerable<ParsedRow> ReadRows(CancellationToken cancellationToken = default)
    {
        if (_read)
        {
            throw new InvalidOperationException("The rows of a LogFile can be read only once.");
        }
        _read = true;
        return _table.ReadRows(_builder, cancellationToken);
    }

    /// <summary>Releases the reader (not the caller's stream).</summary>
    public void Dispose()
    {
        _table.Dispose();
        _owned?.Dispose();
    }
}
