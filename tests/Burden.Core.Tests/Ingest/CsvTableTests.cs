using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;

namespace Burden.Core.Tests.Ingest;

public class CsvTableTests
{
    internal const string Header = "org_code,received_date,requester,title,frequency,data_items,hours_spent";

    internal static List<ParsedRow> Read(string text, string file = "requests.csv", string? org = null, LogKind? kind = null) =>
        Read(new UTF8Encoding(false).GetBytes(text), file, org, kind);

    internal static List<ParsedRow> Read(byte[] bytes, string file = "requests.csv", string? org = null, LogKind? kind = null)
    {
        using var stream = new MemoryStream(bytes);
        using var log = LogReader.Open(stream, file, kind, org);
        return log.ReadRows().ToList();
    }

    [Fact]
    public void ReadRows_GoodRow_AcceptedWithEveryField()
    {
        var rows = Read("org_code,received_date,requester,title,frequency,data_items,collection_ref,hours_spent,staff_band,channel,due_date,purpose,approval_ref\n" +
                        "QMM,03/11/2022,NHS England,UEC daily SitRep,daily,Beds open;Beds occupied,DCB2050,1.5,6,portal,04/11/2022,Operational pressures,DCB2050\n");
        var request = Assert.Single(rows).Request;
        Assert.NotNull(request);
        Assert.Equal("QMM", request.OrgCode);
        Assert.Equal(new DateOnly(2022, 11, 3), request.ReceivedDate);
        Assert.Equal(Frequency.Daily, request.Frequency);
        Assert.Equal(["Beds open", "Beds occupied"], request.DataItems);
        Assert.Equal(1.5m, request.HoursSpent);
        Assert.Equal("6", request.StaffBand);
        Assert.Equal("portal", request.Channel);
        Assert.Equal(new DateOnly(2022, 11, 4), request.DueDate);
        Assert.Equal("DCB2050", request.CollectionRef);
        Assert.Equal("requests.csv", request.SourceFile);
        Assert.Equal(2, request.SourceLine);
    }

    [Fact]
    public void ReadRows_ImpossibleDate_RejectedNamingFileLineColumnAndExpected()
    {
        var rows = Read($"{Header}\nQMM,01/11/2022,NHSE,A,daily,x,1\nQMM,31/02/2022,NHSE,B,daily,x,1\n");
        Assert.True(rows[0].Accepted);
        var issue = Assert.Single(rows[1].Issues);
        Assert.Equal("requests.csv line 3, column received_date: '31/02/2022' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)", issue.ToString());
        Assert.Equal("31/02/2022", issue.Value);
    }

    [Theory]
    [InlineData("29/11/22", "'29/11/22' has a two-digit year (expected YYYY-MM-DD or DD/MM/YYYY, with a four-digit year)")]
    [InlineData("11/25/2022", "'11/25/2022' is not a date: dates are read day first, and there is no month 25 (expected YYYY-MM-DD or DD/MM/YYYY)")]
    [InlineData("", "blank (expected YYYY-MM-DD or DD/MM/YYYY)")]
    public void ReadRows_CommonDateSlips_MessageSaysWhatWentWrong(string date, string message)
    {
        var row = Assert.Single(Read($"{Header}\nQMM,{date},NHSE,T,monthly,x,1\n"));
        Assert.Equal(message, Assert.Single(row.Issues).Message);
    }

    [Fact]
    public void ReadRows_BadOptionalDate_RejectedSayingBlankIsAllowed()
    {
        var row = Assert.Single(Read("org_code,received_date,requester,title,frequency,data_items,due_date\nQMM,01/11/2022,NHSE,T,monthly,x,soon\n"));
        Assert.Equal("'soon' is not a date (expected YYYY-MM-DD or DD/MM/YYYY, or blank)", Assert.Single(row.Issues).Message);
    }

    [Fact]
    public void ReadRows_SeveralProblems_AllListedOnOneRow()
    {
        var row = Assert.Single(Read($"{Header}\nQMM,2022-11-01,,A,sometimes,;;,-2\n"));
        Assert.False(row.Accepted);
        Assert.Equal(["requester", "frequency", "data_items", "hours_spent"], row.Issues.Select(i => i.Column));
        Assert.Contains("'sometimes' is not a frequency (expected daily, weekly", row.Issues[1].Message);
        Assert.Contains("'-2' is not a number of hours", row.Issues[3].Message);
    }

    [Fact]
    public void ReadRows_QuotedMultiLineFields_LineIsWhereTheRowStarts()
    {
        var text = $"{Header}\n" +
                   "QMM,01/11/2022,NHSE,\"Beds, \"\"current\"\" position\",daily,\"Beds open\nBeds occupied\n\nG&A beds\",1\n" +
                   "QMM,31/02/2022,NHSE,B,daily,x,1\n";
        var rows = Read(text);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal("Beds, \"current\" position", rows[0].Request!.Title);
        Assert.Equal(["Beds open", "Beds occupied", "G&A beds"], rows[0].Request!.DataItems);
        Assert.Equal(6, rows[1].Line);
        Assert.Equal(6, rows[1].Issues[0].Line);
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void ReadRows_Separator_Detected(char separator)
    {
        var text = Header.Replace(',', separator) + "\n" + string.Join(separator, "QMM", "01/11/2022", "NHSE", "Title, with comma", "weekly", "a|b", "2") + "\n";
        if (separator == ',')
        {
            text = Header + "\nQMM,01/11/2022,NHSE,\"Title, with comma\",weekly,a|b,2\n";
        }
        var request = Assert.Single(Read(text)).Request;
        Assert.NotNull(request);
        Assert.Equal("Title, with comma", request.Title);
        Assert.Equal(["a", "b"], request.DataItems);
    }

    [Fact]
    public void ReadRows_CommaFileWithSemicolonItems_StillComma()
    {
        var request = Assert.Single(Read($"{Header}\nQMM,01/11/2022,NHSE,T,weekly,a;b;c;d;e;f;g;h;i,2\n")).Request;
        Assert.Equal(9, request!.DataItems.Count);
    }

    [Fact]
    public void ReadRows_Windows1252Bytes_DecodedAsWindows1252()
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes($"{Header}\nQMM,01/11/2022,NHSE,Cost in "));
        bytes.Add(0xA3); // £ in Windows-1252; invalid on its own in UTF-8.
        bytes.AddRange(Encoding.ASCII.GetBytes("s,monthly,Spend,1\n"));
        var request = Assert.Single(Read([.. bytes])).Request;
        Assert.Equal("Cost in £s", request!.Title);
    }

    [Fact]
    public void ReadRows_Utf8WithBom_HeaderAndTextRead()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"\"org_code\",received_date,requester,title,frequency,data_items\nQMM,01/11/2022,NHSE,Cost in £s — café,monthly,Spend\n")).ToArray();
        var request = Assert.Single(Read(bytes)).Request;
        Assert.Equal("Cost in £s — café", request!.Title);
    }

    [Fact]
    public void ReadRows_Utf16WithBom_Read()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes($"{Header.Replace(',', '\t')}\nQMM\t01/11/2022\tNHSE\tT\tmonthly\tSpend\t1\n")).ToArray();
        Assert.True(Assert.Single(Read(bytes)).Accepted);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+44 line")]
    [InlineData("-minus first")]
    [InlineData("@mention")]
    public void ReadRows_FormulaLookingText_KeptExactly(string title)
    {
        var quoted = "\"" + title.Replace("\"", "\"\"") + "\"";
        var request = Assert.Single(Read($"{Header}\nQMM,01/11/2022,NHSE,{quoted},monthly,{quoted},1\n")).Request;
        Assert.Equal(title, request!.Title);
        Assert.Equal([title], request.DataItems);
    }

    [Fact]
    public void ReadRows_HeaderAliasesAndUnknownColumn_MappedAndSetAside()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("ODS Code,Date Received,Requested by,Title,Frequency,Items,Hours,Notes\nQMM,01/11/2022,NHSE,T,Ad-hoc,x,1,ignored\n"));
        using var log = LogReader.Open(stream, "log.csv");
        Assert.Equal(LogKind.RequestLog, log.Kind);
        Assert.Equal(["Notes"], log.UnknownColumns);
        var request = Assert.Single(log.ReadRows()).Request;
        Assert.Equal(Frequency.AdHoc, request!.Frequency);
        Assert.Equal(1m, request.HoursSpent);
    }

    [Fact]
    public void ReadRows_TitleRowsAboveHeader_Skipped()
    {
        var rows = Read($"Requests received November 2022\n\n{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\n");
        Assert.Equal(4, Assert.Single(rows).Line);
    }

    [Fact]
    public void ReadRows_BlankRows_NotCounted()
    {
        var rows = Read($"{Header}\n,,,,,,\nQMM,01/11/2022,NHSE,T,monthly,x,1\n\n");
        Assert.Equal(3, Assert.Single(rows).Line);
    }

    [Fact]
    public void ReadRows_OrgFromOption_UsedWhenColumnMissingOrBlank()
    {
        var noColumn = Read("received_date,requester,title,frequency,data_items\n01/11/2022,NHSE,T,monthly,x\n", org: "QMM");
        Assert.Equal("QMM", noColumn[0].Request!.OrgCode);
        var blankCell = Read($"{Header}\n,01/11/2022,NHSE,T,monthly,x,1\nqmm,01/11/2022,NHSE,T,monthly,x,1\n", org: "QMM");
        Assert.All(blankCell, r => Assert.Equal("QMM", r.Request!.OrgCode.Value));
    }

    [Fact]
    public void ReadRows_OrgCellDiffersFromUploadOrg_RejectedNamingBoth()
    {
        var rows = Read($"{Header}\nQUE,01/11/2022,NHSE,T,monthly,x,1\nQMM,01/11/2022,NHSE,T,monthly,x,1\n", org: "QMM");

        var issue = Assert.Single(rows[0].Issues);
        Assert.Equal(("org_code", "QUE"), (issue.Column, issue.Value));
        Assert.Contains("'QUE' is not QMM, the organisation this file was uploaded for", issue.Message);
        Assert.Null(rows[0].Request);
        Assert.Equal("QMM", rows[1].Request!.OrgCode);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("Band 7")]
    [InlineData("B8a")]
    [InlineData("8D")]
    [InlineData("AfC 2")]
    [InlineData("band 9")]
    public void ReadRows_AgendaForChangeBand_Accepted(string band)
    {
        var rows = Read($"org_code,received_date,requester,title,frequency,data_items,staff_band\nQMM,01/11/2022,NHSE,T,monthly,x,{band}\n");
        Assert.Empty(rows[0].Issues);
        Assert.Equal(band, rows[0].Request!.StaffBand);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("1")]
    [InlineData("8e")]
    [InlineData("analyst")]
    public void ReadRows_NotAnAgendaForChangeBand_Rejected(string band)
    {
        var rows = Read($"org_code,received_date,requester,title,frequency,data_items,staff_band\nQMM,01/11/2022,NHSE,T,monthly,x,{band}\n");
        var issue = Assert.Single(rows[0].Issues);
        Assert.Equal(("staff_band", band), (issue.Column, issue.Value));
        Assert.Contains($"'{band}' is not a staff band (expected an Agenda for Change band: 2 to 9, or 8a to 8d", issue.Message);
    }

    [Fact]
    public void ReadRows_BlankOrgAndNoOption_Rejected()
    {
        var row = Assert.Single(Read($"{Header}\n,01/11/2022,NHSE,T,monthly,x,1\n"));
        Assert.Equal("org_code", Assert.Single(row.Issues).Column);
    }

    [Fact]
    public void Open_MissingRequiredColumn_RefusedNamingItAndHeadersFound()
    {
        var refused = Assert.Throws<FileRefusedException>(() => Read("org_code,received_date,requester,title,frequency\nQMM,01/11/2022,NHSE,T,monthly\n"));
        Assert.Contains("missing required column data_items", refused.Reason);
        Assert.Contains("headers found: org_code, received_date, requester, title, frequency", refused.Reason);
        Assert.Equal("requests.csv", refused.File);
    }

    [Fact]
    public void Open_NoOrgColumnAndNoOption_RefusedNamingOrgCodeAsMissing()
    {
        var refused = Assert.Throws<FileRefusedException>(() => Read("received_date,requester,title,frequency,data_items\n01/11/2022,NHSE,T,monthly,x\n"));
        Assert.Equal(RefusalKind.MissingColumns, refused.Kind);
        Assert.Equal(["org_code"], refused.MissingColumns);
        Assert.DoesNotContain("--org", refused.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void Open_Empty_Refused(string text) =>
        Assert.Contains("empty", Assert.Throws<FileRefusedException>(() => Read(text)).Reason);

    [Fact]
    public void Open_BinaryBytes_Refused()
    {
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        bytes[0] = 0x7F;
        var refused = Assert.Throws<FileRefusedException>(() => Read(bytes, "photo.csv"));
        Assert.Contains("not CSV or XLSX text", refused.Reason);
    }

    [Fact]
    public void Open_NoHeaderRow_RefusedWithWhatWasExpected()
    {
        var refused = Assert.Throws<FileRefusedException>(() => Read("a,b,c\n1,2,3\n"));
        Assert.Contains("no header row found", refused.Reason);
        Assert.Contains("first row found: a, b, c", refused.Reason);
    }

    [Fact]
    public void Open_OverSizeLimit_Refused()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes($"{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\n"));
        var refused = Assert.Throws<FileRefusedException>(() => LogReader.Open(stream, "big.csv", options: new IngestOptions { MaxFileBytes = 10 }));
        Assert.Contains("larger than the limit", refused.Reason);
    }

    [Fact]
    public void Open_CatalogueHeaders_RecognisedAsCatalogue()
    {
        var text = "collection_ref,title,requester,frequency,data_items,respondents,hours_per_submission,purpose,approval_ref,approval_expiry,automated_source,last_used,consumer\n" +
                   "DCB2050,UEC SitRep,NHS England,daily,Beds open|Beds occupied,\"1,200\",0.75,Operational,DCB2050,31/03/2026,FDP,2025-10-01,UEC team\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var log = LogReader.Open(stream, "catalogue.csv");
        Assert.Equal(LogKind.Catalogue, log.Kind);
        var entry = Assert.Single(log.ReadRows()).Catalogue;
        Assert.NotNull(entry);
        Assert.Equal(1200, entry.Respondents);
        Assert.Equal(0.75m, entry.HoursPerSubmission);
        Assert.Equal(new DateOnly(2026, 3, 31), entry.ApprovalExpiry);
        Assert.Equal(new DateOnly(2025, 10, 1), entry.LastUsed);
        Assert.Equal("UEC team", entry.Consumer);
    }

    [Fact]
    public void Open_KindForcedToCatalogueOnALog_RefusedNamingCatalogueColumns()
    {
        var refused = Assert.Throws<FileRefusedException>(() => Read($"{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\n", kind: LogKind.Catalogue));
        Assert.Contains("collection_ref", refused.Reason);
        Assert.Contains("respondents", refused.Reason);
    }

    [Fact]
    public void ReadRows_CatalogueBadCounts_Rejected()
    {
        var text = "collection_ref,title,requester,frequency,data_items,respondents,hours_per_submission\nR1,T,NHSE,monthly,x,many,\n";
        var row = Assert.Single(Read(text));
        Assert.Equal(["respondents", "hours_per_submission"], row.Issues.Select(i => i.Column));
    }

    [Fact]
    public void ReadRows_NonSeekableStream_Read()
    {
        var bytes = Encoding.UTF8.GetBytes($"{Header}\nQMM,01/11/2022,NHSE,T,monthly,x,1\n");
        using var stream = new ForwardOnlyStream(new MemoryStream(bytes));
        using var log = LogReader.Open(stream, "pipe.csv");
        Assert.True(Assert.Single(log.ReadRows()).Accepted);
    }

    [Fact]
    public void ReadRows_ManyRows_StreamedLazily()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 5000; i++)
        {
            text.Append("QMM,01/11/2022,NHSE,T").Append(i).Append(",monthly,x,1\n");
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        using var log = LogReader.Open(stream, "many.csv");
        using var rows = log.ReadRows().GetEnumerator();
        Assert.True(rows.MoveNext());
        Assert.Equal("T0", rows.Current.Request!.Title);
        // The reader has not consumed the whole stream for the first row: rows are produced as they are read.
        Assert.True(stream.Position < stream.Length);
    }

    /// <summary>A stream that can only be read forwards, like a network body.</summary>
    internal sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
