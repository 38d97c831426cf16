using Burden.Core.Reports;
using ClosedXML.Excel;

namespace Burden.Core.Tests.Reports;

public sealed class ReportRowStreamerTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u0001b", "a_x0001_b")]
    [InlineData("tab\tand\nnewline", "tab\tand\nnewline")]
    [InlineData("x_x0041_y", "x_x005F_x0041_y")]
    [InlineData("x_x00G1_y", "x_x00G1_y")]
    public void EscapeForXml_Text_StoresWhatSpreadsheetMLCanHold(string text, string expected)
    {
        Assert.Equal(expected, ReportRowStreamer.EscapeForXml(text));
    }

    [Fact]
    public void EscapeForXml_LoneSurrogate_IsEncoded()
    {
        Assert.Equal("bad _xD800_ surrogate", ReportRowStreamer.EscapeForXml("bad " + (char)0xD800 + " surrogate"));
        Assert.Equal("pair \U0001F600 kept", ReportRowStreamer.EscapeForXml("pair \U0001F600 kept"));
    }

    [Fact]
    public void Write_StreamedControlCharacters_WorkbookReopensWithTheText()
    {
        var input = ReportSamples.Input();
        var collections = new[] { "vertical\u000Btab", "bell\u0007" }
            .Select((t, i) => ReportSamples.Collection($"c{i}", t, Burden.Core.Catalogue.Frequency.Weekly, 1, 52)).ToList();
        input = input with { Analysis = input.Analysis with { Collections = collections } };
        using var stream = new MemoryStream();

        ReportWorkbookWriter.Write(ReportModelBuilder.Build(input), stream, new ReportOptions { StreamRowThreshold = 1 });

        stream.Position = 0;
        using var workbook = new XLWorkbook(stream);
        var titles = workbook.Worksheet("Collections").Tables.Single().DataRange.Rows().Select(r => r.Field("Title").GetString()).ToArray();
        Assert.Equal(["vertical\u000Btab", "bell\u0007"], titles);
    }
}
