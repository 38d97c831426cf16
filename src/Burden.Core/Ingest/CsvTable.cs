using System.Text;
using CsvHelper;
using Burden.Core.Catalogue;

namespace Burden.Core.Ingest;

/// <summary>Reads a CSV request log or catalogue with CsvHelper: encoding and separator detected, header found, rows streamed.</summary>
/// <remarks>
/// Encoding: a UTF-8 or UTF-16 byte order mark is honoured; otherwise the bytes are checked as UTF-8 and read as
/// Windows-1252 when they are not valid UTF-8 (what Excel on Windows writes for "CSV"). The separator (comma,
/// semicolon or tab) is the one that splits one of the first lines into the most recognised column names.
/// </remarks>
internal sealed class CsvTable : TableReader
{
    private const int HeadBytes = 64 * 1024;
    private static readonly char[] Separators = [',', ';', '\t'];

    private readonly CsvReader _reader;
    private readonly HeaderMap _header;
    private readonly bool[] _mapped;

    static CsvTable() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private CsvTable(CsvReader reader, HeaderMap header, Encoding encoding, char separator)
    {
        _reader = reader;
        _header = header;
        Encoding = encoding;
        Separator = separator;
        _mapped = new bool[header.Headers.Count];
        foreach (var column in Enum.GetValues<Column>())
        {
            if (header.IndexOf(column) is var i and >= 0)
            {
                _mapped[i] = true;
            }
        }
    }

    public override HeaderMap Header => _header;

    /// <summary>The encoding the bytes were read in.</summary>
    public Encoding Encoding { get; }

    /// <summary>The field separator in use.</summary>
    public char Separator { get; }

    /// <summary>Opens a CSV at the stream's current position (the stream must be seekable) and reads up to its header.</summary>
    /// <exception cref="FileRefusedException">Empty, binary, or no usable header row.</exception>
    public static CsvTable Open(Stream stream, string fileName, LogKind? kind, OrgCode? orgCode)
    {
        var start = stream.Position;
        var head = new byte[HeadBytes];
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var headSpan = head.AsSpan(0, headLength);

        Encoding encoding;
        var skip = 0;
        if (headSpan.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encoding = new UTF8Encoding(false);
            skip = 3;
        }
        else if (headSpan.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = Encoding.Unicode;
        }
        else if (headSpan.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = Encoding.BigEndianUnicode;
        }
        else
        {
            RefuseBinary(fileName, headSpan);
            stream.Position = start;
            encoding = IsUtf8(stream) ? new UTF8Encoding(false) : Encoding.GetEncoding(1252);
        }

        var text = encoding.GetString(headSpan[skip..]);
        if (text.AsSpan().TrimStart("\uFEFF").IsWhiteSpace())
        {
            throw new FileRefusedException(fileName, RefusalKind.Empty, "the file is empty (expected a header row, then one row per request)");
        }
        var separator = DetectSeparator(text);

        stream.Position = start + skip;
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
            Encoding = encoding is UTF8Encoding ? null : encoding,
        };
        var reader = CsvReader.Create(stream, options, leaveOpen: true);
        var opened = false;
        try
        {
            var table = new CsvTable(reader, FindHeader(reader, fileName, kind, orgCode), encoding, separator);
            opened = true;
            return table;
        }
        finally
        {
            if (!opened)
            {
                reader.Dispose();
            }
        }
    }

    public override IEnumerable<ParsedRow> ReadRows(RowBuilder builder, CancellationToken cancellationToken)
    {
        var width = _header.Headers.Count;
        var cells = new RawCell[width];
        var rows = 0;
        while (_reader.Read())
        {
            if ((++rows & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var count = Math.Min(_reader.FieldCount, width);
            var blank = true;
            for (var i = 0; i < width; i++)
            {
                if (i >= count)
                {
                    cells[i] = RawCell.Blank;
                }
                else if (_mapped[i])
                {
                    var value = _reader.GetString(i).Trim();
                    cells[i] = value.Length == 0 ? RawCell.Blank : new RawCell(value);
                    blank &= value.Length == 0;
                }
                else
                {
                    blank &= _reader.GetString(i).AsSpan().IsWhiteSpace();
                }
            }
            if (blank)
            {
                continue;
            }
            yield return builder.Build(checked((int)_reader.LineNumber), cells);
        }
    }

    public override void Dispose() => _reader.Dispose();

    private static HeaderMap FindHeader(CsvReader reader, string fileName, LogKind? kind, OrgCode? orgCode)
    {
        string[]? best = null;
        string[]? first = null;
        var bestCount = 0;
        for (var n = 0; n < HeaderMap.RowsSearched && reader.Read(); n++)
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }
            first ??= cells;
            var recognised = HeaderMap.CountRecognised(cells);
            if (recognised >= HeaderMap.MinimumRecognised && recognised > bestCount)
            {
                best = cells;
                bestCount = recognised;
                if (HeaderMap.TryBuild(cells, kind, orgCode, out _) is { } complete)
                {
                    return complete;
                }
            }
        }
        if (first is null)
        {
            throw new FileRefusedException(fileName, RefusalKind.Empty, "the file is empty (expected a header row, then one row per request)");
        }
        if (best is not null)
        {
            // Throws naming the missing columns and the headers found.
            return HeaderMap.Build(fileName, best, kind, orgCode);
        }
        throw HeaderMap.NoHeader(fileName, first, "");
    }

    private static char DetectSeparator(string head)
    {
        var best = ',';
        var bestScore = 0;
        var lines = 0;
        foreach (var range in head.AsSpan().Split('\n'))
        {
            if (lines++ == HeaderMap.RowsSearched)
            {
                break;
            }
            var line = head[range].TrimEnd('\r');
            foreach (var separator in Separators)
            {
                var fields = line.Split(separator).Select(f => f.Trim().Trim('"')).ToList();
                var score = HeaderMap.CountRecognised(fields);
                if (score > bestScore)
                {
                    (best, bestScore) = (separator, score);
                }
            }
        }
        if (bestScore > 0)
        {
            return best;
        }
        // No recognisable header: go by which separator the first line uses most; the header check then refuses clearly.
        var firstLine = head[..(head.IndexOf('\n') is var nl and >= 0 ? nl : head.Length)];
        return Separators.MaxBy(s => firstLine.Count(c => c == s));
    }

    /// <summary>Refuses bytes that are not text: NUL bytes, or many control characters, in the first block.</summary>
    private static void RefuseBinary(string fileName, ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new FileRefusedException(fileName, RefusalKind.UnsupportedFormat, "this is an old Excel .xls workbook (expected CSV text or an .xlsx workbook: save it as .xlsx or CSV)");
        }
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                control = int.MaxValue;
                break;
            }
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                control++;
            }
        }
        if (control > head.Length / 100 || head.StartsWith("%PDF"u8))
        {
            throw new FileRefusedException(fileName, RefusalKind.UnsupportedFormat, "not CSV or XLSX text: the file holds binary bytes (expected a CSV text file or an .xlsx workbook)");
        }
    }

    /// <summary>True when every byte from the stream's position to its end is valid UTF-8.</summary>
    private static bool IsUtf8(Stream stream)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[1 << 16];
        int read;
        try
        {
            while ((read = stream.Read(buffer)) > 0)
            {
                decoder.GetCharCount(buffer, 0, read, flush: false);
            }
            decoder.GetCharCount([], 0, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
