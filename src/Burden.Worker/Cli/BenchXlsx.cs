using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using Burden.Core.Ingest;

namespace Burden.Worker.Cli;

/// <summary>
/// <c>burden bench xlsx [--rows 200000]</c>: writes the same generated request log as a CSV and as an Excel workbook
/// (shared strings, date-styled serials, as Excel saves them), then measures in the same run the rows per second read
/// and validated from each, and the workbook's rate as a share of the CSV's.
/// </summary>
internal static class BenchXlsx
{
    /// <summary>A workbook should read at no less than this share of the same rows as CSV.</summary>
    /// <remarks>Inflated, a workbook row is about five times the bytes of the same CSV row (tags, references, styles); 0.15 leaves room for noise and catches a reader that became a third slower.</remarks>
    internal const double TargetShareOfCsv = 0.15;

    private static readonly string[] Frequencies = ["daily", "weekly", "monthly", "ad hoc", "Ad-hoc", "quarterly"];

    public static Command Build(CliContext context)
    {
        var rows = new Option<int>("--rows")
        {
            Description = "Rows in the generated log",
            DefaultValueFactory = _ => 200_000,
            HelpName = "N",
        };
        var command = new Command("xlsx", "XLSX read speed: rows/s read and validated from a workbook against the same rows as CSV, in the same run") { rows };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var size = parse.GetValue(rows);
            if (size < 1)
            {
                await context.Err.WriteLineAsync($"burden: --rows: {size} is not a number of rows (expected a positive whole number, such as 200000)");
                return ExitCodes.Usage;
            }
            var folder = Path.Combine(Path.GetTempPath(), "burden-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                var csv = Path.Combine(folder, $"bench-{size}.csv");
                var xlsx = Path.Combine(folder, $"bench-{size}.xlsx");
                BenchIngest.WriteLog(csv, size);
                WriteWorkbook(xlsx, size);
                await context.Out.WriteLineAsync($"burden bench xlsx: {Environment.ProcessorCount} cores{BenchIngest.LoadAverage()}, {size:N0} rows, workbook {new FileInfo(xlsx).Length / 1024:N0} KiB");
                await context.Out.WriteLineAsync($"target: workbook >= {TargetShareOfCsv:0.00} x CSV");
                // A small untimed round first, so every measured phase runs JIT-optimised code.
                var warmCsv = Path.Combine(folder, "warm.csv");
                var warmXlsx = Path.Combine(folder, "warm.xlsx");
                BenchIngest.WriteLog(warmCsv, 5_000);
                WriteWorkbook(warmXlsx, 5_000);
                Rate(warmCsv, 5_000, cancellationToken);
                Rate(warmXlsx, 5_000, cancellationToken);

                // Three interleaved rounds, best of each: other work on a shared machine slows single rounds unevenly.
                Measured csvRate = default, workbook = default;
                for (var round = 0; round < 3; round++)
                {
                    csvRate = Best(csvRate, Rate(csv, size, cancellationToken));
                    workbook = Best(workbook, Rate(xlsx, size, cancellationToken));
                }
                var share = workbook.RowsPerSecond / csvRate.RowsPerSecond;
                await context.Out.WriteLineAsync(
                    $"{size:N0} rows: CSV {csvRate.RowsPerSecond:N0} rows/s, {csvRate.AllocatedMiB:N0} MiB allocated; " +
                    $"XLSX {workbook.RowsPerSecond:N0} rows/s, {workbook.AllocatedMiB:N0} MiB allocated = {share:0.00} x CSV; {(share >= TargetShareOfCsv ? "PASS" : "MISS")}");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private readonly record struct Measured(double RowsPerSecond, double AllocatedMiB);

    private static Measured Best(Measured a, Measured b) => a.RowsPerSecond >= b.RowsPerSecond ? a : b;

    private static Measured Rate(string path, int size, CancellationToken cancellationToken) =>
        Time(size, () =>
        {
            var parsed = 0;
            using var stream = OpenRead(path);
            using var log = LogReader.Open(stream, path);
            foreach (var row in log.ReadRows(cancellationToken))
            {
                parsed += row.Accepted ? 1 : 0;
            }
            return parsed;
        });

    private static Measured Time(int size, Func<int> read)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var parsed = read();
        var elapsed = watch.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        if (parsed != size)
        {
            throw new InvalidOperationException($"bench: read {parsed} of {size} generated rows");
        }
        return new Measured(size / elapsed, allocated / (1024.0 * 1024));
    }

    /// <summary>The rows of <see cref="BenchIngest.Generate"/> as Excel saves a workbook: text as shared strings, dates as date-styled serials.</summary>
    internal static void WriteWorkbook(string path, int size)
    {
        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        int Intern(string text)
        {
            if (!shared.TryGetValue(text, out var index))
            {
                shared[text] = index = shared.Count;
            }
            return index;
        }
        string[] headers = ["org_code", "received_date", "requester", "title", "frequency", "data_items", "collection_ref", "hours_spent", "staff_band", "channel"];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Write(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
        Write(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Write(zip, "xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Requests" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Write(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
        Write(zip, "xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>""");
        using (var sheet = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16))
        {
            sheet.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            sheet.Write("<row r=\"1\">");
            for (var c = 0; c < headers.Length; c++)
            {
                sheet.Write($"<c r=\"{(char)('A' + c)}1\" t=\"s\"><v>{Intern(headers[c])}</v></c>");
            }
            sheet.Write("</row>");
            for (var i = 0; i < size; i++)
            {
                var r = BenchIngest.Generate(i);
                var line = i + 2;
                var serial = r.ReceivedDate.DayNumber - new DateOnly(1899, 12, 30).DayNumber;
                sheet.Write($"<row r=\"{line}\">");
                sheet.Write($"<c r=\"A{line}\" t=\"s\"><v>{Intern(r.OrgCode.Value)}</v></c>");
                sheet.Write($"<c r=\"B{line}\" s=\"1\"><v>{serial}</v></c>");
                sheet.Write($"<c r=\"C{line}\" t=\"s\"><v>{Intern(r.Requester)}</v></c>");
                sheet.Write($"<c r=\"D{line}\" t=\"s\"><v>{Intern(r.Title)}</v></c>");
                sheet.Write($"<c r=\"E{line}\" t=\"s\"><v>{Intern(Frequencies[i % Frequencies.Length])}</v></c>");
                sheet.Write($"<c r=\"F{line}\" t=\"s\"><v>{Intern(string.Join(';', r.DataItems))}</v></c>");
                if (r.CollectionRef is { } reference)
                {
                    sheet.Write($"<c r=\"G{line}\" t=\"s\"><v>{Intern(reference)}</v></c>");
                }
                sheet.Write($"<c r=\"H{line}\"><v>{r.HoursSpent!.Value.ToString(CultureInfo.InvariantCulture)}</v></c>");
                sheet.Write($"<c r=\"I{line}\" t=\"s\"><v>{Intern(r.StaffBand!)}</v></c>");
                sheet.Write($"<c r=\"J{line}\" t=\"s\"><v>{Intern(r.Channel!)}</v></c>");
                sheet.Write("</row>");
            }
            sheet.Write("</sheetData></worksheet>");
        }
        var sst = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{shared.Count}">""");
        foreach (var text in shared.Keys)
        {
            sst.Append("<si><t>").Append(SecurityElement.Escape(text)).Append("</t></si>");
        }
        Write(zip, "xl/sharedStrings.xml", sst.Append("</sst>").ToString());
    }

    private static void Write(ZipArchive zip, string path, string content)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
}
