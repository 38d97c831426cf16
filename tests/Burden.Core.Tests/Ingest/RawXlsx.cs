using System.IO.Compression;
using System.Security;
using System.Text;

namespace Burden.Core.Tests.Ingest;

/// <summary>Writes minimal .xlsx workbooks part by part, so tests control shared vs inline strings, styles and serials.</summary>
internal static class RawXlsx
{
    /// <summary>
    /// A cell: <c>s:text</c> shared string, <c>i:text</c> inline string, <c>n:number</c>, <c>d:serial</c> date-styled number,
    /// <c>b:0</c>/<c>b:1</c> boolean, <c>e:#N/A</c> error, or null.
    /// </summary>
    public static byte[] Build(params (string Name, string?[][] Rows)[] sheets) => Build(date1904: false, sheets);

    public static byte[] Build(bool date1904, params (string Name, string?[][] Rows)[] sheets)
    {
        var shared = new List<string>();
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            // Each part carries the content type the standard gives it, as Excel and LibreOffice write them.
            var overrides = string.Concat(Enumerable.Range(1, sheets.Length).Select(n => $"""<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""));
            Write(zip, "[Content_Types].xml", $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>""");
            Write(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            var sheetXml = new StringBuilder();
            var rels = new StringBuilder();
            for (var s = 0; s < sheets.Length; s++)
            {
                sheetXml.Append($"""<sheet name="{sheets[s].Name}" sheetId="{s + 1}" r:id="rId{s + 1}"/>""");
                // Sheets deliberately live at paths that do not match their order, as real workbooks often do.
                rels.Append($"""<Relationship Id="rId{s + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{sheets.Length - s}.xml"/>""");
                Write(zip, $"xl/worksheets/sheet{sheets.Length - s}.xml", SheetXml(sheets[s].Rows, shared));
            }
            rels.Append("""<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""");
            rels.Append("""<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>""");
            Write(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="{(date1904 ? 1 : 0)}"/><sheets>{sheetXml}</sheets></workbook>""");
            Write(zip, "xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>""");
            var sst = string.Concat(shared.Select((t, i) => i % 2 == 0
                ? $"<si><t xml:space=\"preserve\">{SecurityElement.Escape(t)}</t></si>"
                // Every other string is rich text split into runs, with a phonetic run that must be ignored.
                : $"<si><r><t>{SecurityElement.Escape(t[..(t.Length / 2)])}</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">{SecurityElement.Escape(t[(t.Length / 2)..])}</t></r><rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh></si>"));
            Write(zip, "xl/sharedStrings.xml", $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{shared.Count}" uniqueCount="{shared.Count}">{sst}</sst>""");
            // Style 0 general, 1 built-in date (14), 2 custom date dd/mm/yyyy (164), 3 custom time mm:ss (165), 4 custom quoted text with d.
            Write(zip, "xl/styles.xml", """<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="mm:ss"/><numFmt numFmtId="166" formatCode="0.0&quot; days&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>""");
        }
        return output.ToArray();
    }

    private static string SheetXml(string?[][] rows, List<string> shared)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        for (var r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length == 0)
            {
                continue; // a missing row element: the next row keeps its own number
            }
            xml.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = rows[r][c];
                if (cell is null)
                {
                    continue; // a missing cell
                }
                var reference = $"{ColumnName(c)}{r + 1}";
                var kind = cell[..2];
                var value = cell[2..];
                xml.Append(kind switch
                {
                    "s:" => $"<c r=\"{reference}\" t=\"s\"><v>{Intern(shared, value)}</v></c>",
                    "i:" => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(value)}</t></is></c>",
                    "n:" => $"<c r=\"{reference}\"><v>{value}</v></c>",
                    "d:" => $"<c r=\"{reference}\" s=\"1\"><v>{value}</v></c>",
                    "D:" => $"<c r=\"{reference}\" s=\"2\"><v>{value}</v></c>",
                    "b:" => $"<c r=\"{reference}\" t=\"b\"><v>{value}</v></c>",
                    "e:" => $"<c r=\"{reference}\" t=\"e\"><v>{SecurityElement.Escape(value)}</v></c>",
                    "f:" => $"<c r=\"{reference}\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>{SecurityElement.Escape(value)}</v></c>",
                    _ => throw new ArgumentException(cell),
                });
            }
            xml.Append("</row>");
        }
        return xml.Append("</sheetData></worksheet>").ToString();
    }

    private static int Intern(List<string> shared, string value)
    {
        var i = shared.IndexOf(value);
        if (i >= 0)
        {
            return i;
        }
        shared.Add(value);
        return shared.Count - 1;
    }

    /// <summary>Rewrites one part of a workbook, for damaged and hostile workbooks.</summary>
    public static byte[] ReplacePart(byte[] xlsx, string path, Action<Stream> write, CompressionLevel level = CompressionLevel.SmallestSize)
    {
        using var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(path)?.Delete();
            using var part = zip.CreateEntry(path, level).Open();
            write(part);
        }
        return output.ToArray();
    }

    /// <summary>Makes the local and central headers of <paramref name="path"/> declare a false uncompressed size.</summary>
    public static void PatchDeclaredSize(byte[] zip, string path, uint size)
    {
        var name = Encoding.ASCII.GetBytes(path);
        var patched = 0;
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x03 && zip[i + 3] == 0x04 && zip.AsSpan(i + 30).StartsWith(name))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
                patched++;
            }
            else if (zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x01 && zip[i + 3] == 0x02 && zip.AsSpan(i + 46).StartsWith(name))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
                patched++;
            }
        }
        if (patched != 2)
        {
            throw new InvalidOperationException($"patched {patched} headers of {path}, expected 2");
        }
    }

    /// <summary>A one-sheet log whose sheet part holds the given rows and then megabytes of whitespace.</summary>
    public static byte[] WithPadding(string?[][] rows, int paddingMiB)
    {
        var bytes = Build(("Log", rows));
        var sheetXml = ReadPart(bytes, "xl/worksheets/sheet1.xml");
        var cut = sheetXml.IndexOf("</sheetData>", StringComparison.Ordinal);
        return ReplacePart(bytes, "xl/worksheets/sheet1.xml", part =>
        {
            part.Write(Encoding.UTF8.GetBytes(sheetXml[..cut]));
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < paddingMiB; i++)
            {
                part.Write(spaces);
            }
            part.Write(Encoding.UTF8.GetBytes(sheetXml[cut..]));
        });
    }

    public static string ReadPart(byte[] xlsx, string path)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(path)!.Open());
        return reader.ReadToEnd();
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + (index - 1) % 26) + name;
        }
        return name;
    }

    private static void Write(ZipArchive zip, string path, string content)
    {
        using var stream = zip.CreateEntry(path).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>
    /// A request-log workbook with a header and two good rows whose sheet part declares more bytes than it holds:
    /// reading fails after the two rows were handed on, as a truncated upload does.
    /// </summary>
    public static byte[] TruncatedAfterTwoRequests()
    {
        var bytes = WithPadding(
        [
            ["s:org_code", "s:received_date", "s:requester", "s:title", "s:frequency", "s:data_items"],
            ["s:QMM", "d:44866", "s:NHSE", "s:T1", "s:Daily", "s:x"],
            ["s:QMM", "d:44867", "s:NHSE", "s:T2", "s:Daily", "s:x"],
        ], 8);
        var sheet = ReadPart(bytes, "xl/worksheets/sheet1.xml");
        PatchDeclaredSize(bytes, "xl/worksheets/sheet1.xml", (uint)(sheet.IndexOf("</row>", sheet.IndexOf("44867", StringComparison.Ordinal), StringComparison.Ordinal) + 10_000));
        return bytes;
    }
}
