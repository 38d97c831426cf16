using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Burden.Core.Common;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace Burden.Core.Ingest;

/// <summary>
/// Reads an XLSX workbook with the Open XML SDK: the package and its parts through <see cref="SpreadsheetDocument"/>,
/// every part streamed with <see cref="OpenXmlReader"/>, and the first sheet (in workbook order) with a recognisable
/// header row read a row at a time.
/// </summary>
/// <remarks>
/// Zip-bomb guard: every part's declared uncompressed size and compression ratio are checked before anything is
/// inflated, and the bytes actually inflated are counted while reading (declared sizes can lie), so a bomb is refused
/// after at most the configured limit of output, in bounded memory. The SDK's XML reader refuses document type
/// definitions, so no entity is expanded and nothing outside the file is fetched.
/// </remarks>
internal sealed class XlsxTable : TableReader
{
    private const int MaxEntries = 10_000;

    private readonly SpreadsheetDocument _document;
    private readonly HeaderMap _header;
    private readonly SheetCursor _cursor;
    private readonly Workbook _workbook;
    private readonly string _fileName;

    private XlsxTable(SpreadsheetDocument document, HeaderMap header, SheetCursor cursor, Workbook workbook, string fileName)
    {
        _document = document;
        _header = header;
        _cursor = cursor;
        _workbook = workbook;
        _fileName = fileName;
    }

    public override HeaderMap Header => _header;

    public override bool Date1904 => _workbook.Date1904;

    /// <summary>The sheet the rows come from.</summary>
    public string SheetName => _cursor.SheetName;

    /// <exception cref="FileRefusedException">Not a workbook, over a limit, or no sheet with a usable header row.</exception>
    public static XlsxTable Open(Stream stream, string fileName, LogKind? kind, string? orgCode, IngestOptions options)
    {
        var start = stream.Position;
        var guard = InflateGuard.Check(stream, fileName, options);
        stream.Position = start;
        SpreadsheetDocument? document = null;
        var opened = false;
        try
        {
            document = SpreadsheetDocument.Open(stream, isEditable: false);
            var workbook = Workbook.Load(document, fileName, guard);
            string[]? bestCells = null;
            var bestCount = 0;
            string[]? firstRow = null;
            foreach (var sheet in workbook.Sheets)
            {
                var cursor = new SheetCursor(guard.Open(sheet.Part), workbook, sheet.Name);
                var keep = false;
                try
                {
                    for (var n = 0; n < HeaderMap.RowsSearched && cursor.TryReadRow(out var row); n++)
                    {
                        var cells = row.ToStrings();
                        firstRow ??= cells;
                        var recognised = HeaderMap.CountRecognised(cells);
                        if (recognised < HeaderMap.MinimumRecognised)
                        {
                            continue;
                        }
                        if (recognised > bestCount)
                        {
                            (bestCells, bestCount) = (cells, recognised);
                        }
                        if (HeaderMap.TryBuild(cells, kind, orgCode, out _) is not { } header)
                        {
                            continue;
                        }
                        keep = opened = true;
                        return new XlsxTable(document, header, cursor, workbook, fileName);
                    }
                }
                finally
                {
                    if (!keep)
                    {
                        cursor.Dispose();
                    }
                }
            }
            if (bestCells is not null)
            {
                HeaderMap.Build(fileName, bestCells, kind, orgCode);
            }
            throw HeaderMap.NoHeader(fileName, firstRow, $"of any sheet ({string.Join(", ", workbook.Sheets.Select(s => s.Name))}) ");
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(fileName, e.Message);
        }
        finally
        {
            if (!opened)
            {
                document?.Dispose();
            }
        }
    }

    public override IEnumerable<ParsedRow> ReadRows(RowBuilder builder, CancellationToken cancellationToken)
    {
        var width = _header.Headers.Count;
        var cells = new RawCell[width];
        var cursor = _cursor;
        var rows = 0;
        while (true)
        {
            if ((++rows & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            PendingRow row;
            try
            {
                if (!cursor.TryReadRow(out row))
                {
                    yield break;
                }
            }
            catch (Exception e) when (IsDamage(e))
            {
                throw Damaged(_fileName, e.Message);
            }
            Array.Fill(cells, RawCell.Blank);
            foreach (var (column, cell) in row.Cells)
            {
                if (column < width)
                {
                    cells[column] = cell;
                }
            }
            if (RowBuilder.IsBlankRow(cells) && row.Cells.All(c => c.Cell.IsBlank))
            {
                continue;
            }
            yield return builder.Build(row.Number, cells);
        }
    }

    public override void Dispose()
    {
        _cursor.Dispose();
        _document.Dispose();
    }

    /// <summary>What a damaged, truncated or foreign package throws from the zip, the packaging layer, the SDK or the XML reader.</summary>
    private static bool IsDamage(Exception e) =>
        e is XmlException or InvalidDataException or OpenXmlPackageException or FileFormatException or FormatException;

    private static FileRefusedException Damaged(string fileName, string detail) =>
        new(fileName, $"not a readable .xlsx workbook ({detail}) (expected an Excel .xlsx file or CSV text)");

    private static FileRefusedException NotAWorkbook(string fileName) =>
        new(fileName, "a zip file that is not an Excel workbook (no workbook part; expected an .xlsx file or CSV text)");

    /// <summary>The SDK's streaming reader over a part's (counted) bytes; closing it leaves the stream to its owner.</summary>
    private static OpenXmlReader CreateReader(Stream part) =>
        new TypedOpenXmlPartReader(part, new OpenXmlPartReaderOptions { CloseStream = false, IgnoreWhitespace = true });

    /// <summary>The elements of a part that <paramref name="wanted"/> selects, each loaded whole; the rest is streamed past.</summary>
    private static IEnumerable<OpenXmlElement> Elements(Stream part, Func<Type, bool> wanted)
    {
        using var reader = CreateReader(part);
        if (!reader.Read())
        {
            yield break;
        }
        while (!reader.EOF)
        {
            if (reader.IsStartElement && reader.ElementType is { } type && wanted(type))
            {
                yield return reader.LoadCurrentElement()!;
            }
            else if (!reader.Read())
            {
                break;
            }
        }
    }

    /// <summary>The text of a shared or inline string: its plain text or its runs joined, without phonetic runs.</summary>
    private static string RichText(OpenXmlElement item)
    {
        string? single = null;
        StringBuilder? many = null;
        foreach (var child in item.ChildElements)
        {
            var text = child switch
            {
                S.Text t => t.Text,
                S.Run r => r.Text?.Text,
                _ => null,
            };
            if (text is null)
            {
                continue;
            }
            if (single is null && many is null)
            {
                single = text;
            }
            else
            {
                many ??= new StringBuilder(single);
                many.Append(text);
            }
        }
        return many?.ToString() ?? single ?? "";
    }

    /// <summary>A custom number format shows a date when, outside quotes, escapes and brackets, it has d or y, or m without h or s.</summary>
    /// <remarks>The SDK gives the format code but not what it shows, so this reading of the code is the reader's own.</remarks>
    internal static bool IsDateFormat(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }
        // Only the first section (positive numbers) matters.
        bool day = false, month = false, year = false, time = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = char.ToLowerInvariant(code[i]);
            switch (c)
            {
                case '"':
                    i = code.IndexOf('"', i + 1) is var close and >= 0 ? close : code.Length;
                    continue;
                case '\\' or '_' or '*':
                    i++;
                    continue;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    end = end < 0 ? code.Length : end;
                    // [h], [mm], [ss]: elapsed time; other brackets are colours, conditions and locales.
                    time |= code.AsSpan(i + 1, end - i - 1).Trim("hmsHMS").IsEmpty && end > i + 1;
                    i = end;
                    continue;
                case ';':
                    i = code.Length;
                    continue;
                case 'd': day = true; break;
                case 'm': month = true; break;
                case 'y': year = true; break;
                case 'h' or 's': time = true; break;
            }
        }
        return day || year || (month && !time);
    }

    /// <summary>One sheet row as read: its number and its cells by zero-based column.</summary>
    private readonly record struct PendingRow(int Number, List<(int Column, RawCell Cell)> Cells)
    {
        public string[] ToStrings()
        {
            var width = Cells.Count == 0 ? 0 : Cells.Max(c => c.Column) + 1;
            var cells = new string[Math.Min(width, 16_384)];
            Array.Fill(cells, "");
            foreach (var (column, cell) in Cells)
            {
                if (column < cells.Length)
                {
                    cells[column] = cell.Text;
                }
            }
            return cells;
        }
    }

    private sealed record SheetInfo(string Name, WorksheetPart Part);

    /// <summary>Streams the rows of one worksheet part, loading one <c>&lt;row&gt;</c> element at a time.</summary>
    private sealed class SheetCursor(Stream stream, Workbook workbook, string sheetName) : IDisposable
    {
        private readonly OpenXmlReader _reader = CreateReader(stream);
        private bool _started;
        private int _lastRow;

        public string SheetName { get; } = sheetName;

        public bool TryReadRow(out PendingRow row)
        {
            var r = _reader;
            if (!_started)
            {
                _started = true;
                if (!r.Read())
                {
                    row = default;
                    return false;
                }
            }
            while (!(r.IsStartElement && r.ElementType == typeof(S.Row)))
            {
                if (!r.Read())
                {
                    row = default;
                    return false;
                }
            }
            var number = Attribute(r, "r") is { } rowText
                && uint.TryParse(rowText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= int.MaxValue
                ? (int)n
                : _lastRow + 1;
            _lastRow = number;
            var cells = new List<(int, RawCell)>();
            var lastColumn = -1;
            if (r.ReadFirstChild())
            {
                do
                {
                    if (r.ElementType != typeof(S.Cell))
                    {
                        continue;
                    }
                    string? reference = null, type = null, styleText = null;
                    foreach (var attribute in r.Attributes)
                    {
                        switch (attribute.LocalName)
                        {
                            case "r": reference = attribute.Value; break;
                            case "t": type = attribute.Value; break;
                            case "s": styleText = attribute.Value; break;
                        }
                    }
                    var column = reference is null ? -1 : CellReference.ColumnIndex(reference);
                    if (column < 0)
                    {
                        column = lastColumn + 1;
                    }
                    lastColumn = column;
                    string? value = null, inline = null;
                    if (r.ReadFirstChild())
                    {
                        do
                        {
                            if (r.ElementType == typeof(S.CellValue))
                            {
                                value = r.GetText();
                            }
                            else if (r.ElementType == typeof(S.InlineString))
                            {
                                inline = RichText(r.LoadCurrentElement()!);
                            }
                        }
                        while (r.ReadNextSibling());
                    }
                    var cell = ReadCell(type, styleText, value, inline);
                    if (!cell.IsBlank)
                    {
                        cells.Add((column, cell));
                    }
                }
                while (r.ReadNextSibling());
            }
            row = new PendingRow(number, cells);
            return true;
        }

        private static string? Attribute(OpenXmlReader r, string localName)
        {
            foreach (var attribute in r.Attributes)
            {
                if (attribute.LocalName == localName)
                {
                    return attribute.Value;
                }
            }
            return null;
        }

        private RawCell ReadCell(string? type, string? styleText, string? value, string? inline)
        {
            switch (type)
            {
                case "s":
                    var strings = workbook.SharedStrings;
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count
                        ? Text(strings[index])
                        : RawCell.Blank;
                case "inlineStr":
                    return Text(inline ?? value);
                case "str" or "e" or "d":
                    return Text(value);
                case "b":
                    return Text(value == "1" ? "TRUE" : value is null ? null : "FALSE");
                default:
                    var trimmed = value?.Trim();
                    if (string.IsNullOrEmpty(trimmed))
                    {
                        return RawCell.Blank;
                    }
                    if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        return new RawCell(trimmed);
                    }
                    var style = int.TryParse(styleText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                    return new RawCell(trimmed, workbook.IsDateStyle(style) ? CellKind.Date : CellKind.Number, number);
            }
        }

        private static RawCell Text(string? text)
        {
            var trimmed = text?.Trim();
            return string.IsNullOrEmpty(trimmed) ? RawCell.Blank : new RawCell(trimmed);
        }

        public void Dispose()
        {
            _reader.Dispose();
            stream.Dispose();
        }
    }

    /// <summary>What the workbook part and its related parts say: sheets in order, shared strings, date styles, date system.</summary>
    private sealed class Workbook
    {
        private bool[] _dateStyles = [];

        public List<SheetInfo> Sheets { get; } = [];

        public List<string> SharedStrings { get; } = [];

        public bool Date1904 { get; private set; }

        public bool IsDateStyle(int index) => index >= 0 && index < _dateStyles.Length && _dateStyles[index];

        public static Workbook Load(SpreadsheetDocument document, string fileName, InflateGuard guard)
        {
            var part = document.WorkbookPart ?? throw NotAWorkbook(fileName);
            var workbook = new Workbook();
            var sheetCount = 0;
            using (var stream = guard.Open(part))
            {
                foreach (var element in Elements(stream, t => t == typeof(S.WorkbookProperties) || t == typeof(S.Sheet)))
                {
                    if (element is S.WorkbookProperties properties)
                    {
                        workbook.Date1904 = properties.Date1904?.InnerText is "1" or "true";
                    }
                    else if (element is S.Sheet sheet && sheet.Id?.Value is { } relId)
                    {
                        sheetCount++;
                        if (part.TryGetPartById(relId, out var sheetPart) && sheetPart is WorksheetPart worksheet)
                        {
                            workbook.Sheets.Add(new SheetInfo(sheet.Name?.Value ?? $"Sheet{sheetCount}", worksheet));
                        }
                    }
                }
            }
            if (workbook.Sheets.Count == 0)
            {
                throw new FileRefusedException(fileName, "the workbook has no worksheets (expected a sheet with a header row)");
            }
            if (part.SharedStringTablePart is { } sharedStrings)
            {
                using var stream = guard.Open(sharedStrings);
                foreach (var item in Elements(stream, t => t == typeof(S.SharedStringItem)))
                {
                    workbook.SharedStrings.Add(RichText(item));
                }
            }
            if (part.WorkbookStylesPart is { } styles)
            {
                workbook.LoadStyles(styles, guard);
            }
            return workbook;
        }

        private void LoadStyles(WorkbookStylesPart part, InflateGuard guard)
        {
            var customDates = new HashSet<int>();
            var styles = new List<bool>();
            using var stream = guard.Open(part);
            foreach (var element in Elements(stream, t => t == typeof(S.NumberingFormat) || t == typeof(S.CellFormats)))
            {
                if (element is S.NumberingFormat format)
                {
                    if (int.TryParse(format.NumberFormatId?.InnerText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                        && IsDateFormat(format.FormatCode?.Value))
                    {
                        customDates.Add(id);
                    }
                    continue;
                }
                foreach (var xf in element.Elements<S.CellFormat>())
                {
                    var formatId = int.TryParse(xf.NumberFormatId?.InnerText, NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                    styles.Add(formatId is >= 14 and <= 22 or >= 45 and <= 47 || customDates.Contains(formatId));
                }
            }
            _dateStyles = [.. styles];
        }
    }

    /// <summary>Checks what every zip part declares, then counts what it inflates to, refusing the file past the limits.</summary>
    private sealed class InflateGuard
    {
        /// <summary>Parts smaller than this are not held to the ratio: tiny XML parts compress very well.</summary>
        private const long RatioFloor = 1024 * 1024;

        private readonly string _fileName;
        private readonly IngestOptions _options;
        private readonly Dictionary<string, (long Declared, long Compressed)> _parts = new(StringComparer.OrdinalIgnoreCase);
        private long _total;

        private InflateGuard(string fileName, IngestOptions options)
        {
            _fileName = fileName;
            _options = options;
        }

        /// <summary>Reads the zip directory and refuses a workbook whose parts declare too much; the stream is left open.</summary>
        public static InflateGuard Check(Stream stream, string fileName, IngestOptions options)
        {
            var guard = new InflateGuard(fileName, options);
            try
            {
                using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                if (zip.Entries.Count > MaxEntries)
                {
                    throw guard.Refuse($"the workbook has {zip.Entries.Count} parts (more than {MaxEntries})");
                }
                long declared = 0;
                foreach (var entry in zip.Entries)
                {
                    declared += entry.Length;
                    guard.CheckPart(entry.FullName, entry.Length, entry.CompressedLength);
                    if (declared > options.MaxUncompressedBytes)
                    {
                        throw guard.Refuse($"the workbook's parts would inflate to more than {Mib(options.MaxUncompressedBytes)}");
                    }
                    guard._parts[entry.FullName] = (entry.Length, entry.CompressedLength);
                }
                if (zip.GetEntry("[Content_Types].xml") is null)
                {
                    throw NotAWorkbook(fileName);
                }
            }
            catch (InvalidDataException e)
            {
                throw Damaged(fileName, e.Message);
            }
            return guard;
        }

        /// <summary>The part's bytes, counted as they are inflated.</summary>
        public Stream Open(OpenXmlPart part)
        {
            var name = part.Uri.OriginalString.TrimStart('/');
            // A part the directory did not list under this name is held to the workbook's total only.
            var (declared, compressed) = _parts.TryGetValue(name, out var sizes) ? sizes : (long.MaxValue, long.MaxValue);
            return new CountingStream(part.GetStream(FileMode.Open, FileAccess.Read), name, declared, compressed, this);
        }

        private void CheckPart(string name, long inflated, long compressed)
        {
            if (inflated > _options.MaxUncompressedBytes)
            {
                throw Refuse($"the part {name} inflates to more than {Mib(_options.MaxUncompressedBytes)}");
            }
            var ratio = (double)inflated / Math.Max(compressed, 1);
            if (inflated >= RatioFloor && ratio > _options.MaxCompressionRatio)
            {
                throw Refuse($"the part {name} inflates {ratio:0} times (from {compressed:N0} to {inflated:N0} bytes; the limit is {_options.MaxCompressionRatio:0})");
            }
        }

        private void Count(string name, long declared, long compressed, long inflatedSoFar, int justRead)
        {
            _total += justRead;
            if (inflatedSoFar > declared)
            {
                throw Refuse($"the part {name} inflates past its declared size of {declared:N0} bytes");
            }
            if (_total > _options.MaxUncompressedBytes)
            {
                throw Refuse($"the workbook's parts inflate to more than {Mib(_options.MaxUncompressedBytes)}");
            }
            CheckPart(name, inflatedSoFar, compressed);
        }

        private FileRefusedException Refuse(string what) => new(_fileName, $"{what}: refused as a possible zip bomb (expected an ordinary .xlsx workbook)");

        private static string Mib(long bytes) => $"{bytes / (1024 * 1024):N0} MiB";

        private sealed class CountingStream(Stream inner, string name, long declared, long compressed, InflateGuard guard) : Stream
        {
            private long _read;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _read; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override int Read(Span<byte> buffer)
            {
                var n = inner.Read(buffer);
                _read += n;
                guard.Count(name, declared, compressed, _read, n);
                return n;
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
