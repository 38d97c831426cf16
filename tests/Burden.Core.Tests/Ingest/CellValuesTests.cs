using Burden.Core.Ingest;

namespace Burden.Core.Tests.Ingest;

public class CellValuesTests
{
    [Theory]
    [InlineData("2022-11-03", 2022, 11, 3)]
    [InlineData("03/11/2022", 2022, 11, 3)]
    [InlineData("3/11/2022", 2022, 11, 3)]
    [InlineData("3/1/2022", 2022, 1, 3)]
    [InlineData("12/01/2022", 2022, 1, 12)] // US readers would say 1 December; UK day-first is 12 January.
    [InlineData("03-11-2022", 2022, 11, 3)]
    [InlineData("03.11.2022", 2022, 11, 3)]
    [InlineData("29/02/2024", 2024, 2, 29)]
    [InlineData("01/11/2022 00:00", 2022, 11, 1)]
    [InlineData("2022-11-01T09:30:00", 2022, 11, 1)]
    [InlineData(" 2022-11-03 ", 2022, 11, 3)]
    [InlineData("44868", 2022, 11, 3)]
    public void TryParseDate_AcceptedForms_ReadDayFirst(string text, int year, int month, int day)
    {
        Assert.True(CellValues.TryParseDate(new RawCell(text), false, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("31/02/2022")]
    [InlineData("29/02/2023")]
    [InlineData("2022-02-30")]
    [InlineData("13/13/2022")]
    [InlineData("11/25/2022")] // US month-first: month 25 does not exist.
    [InlineData("03/11/22")]
    [InlineData("2022/11/03")]
    [InlineData("3rd Nov 2022")]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("01/11/2022 noon")]
    public void TryParseDate_ImpossibleOrAmbiguous_Rejected(string text) =>
        Assert.False(CellValues.TryParseDate(new RawCell(text), false, out _));

    [Theory]
    [InlineData(1, 1900, 1, 1)]
    [InlineData(59, 1900, 2, 28)]
    [InlineData(61, 1900, 3, 1)]
    [InlineData(44868, 2022, 11, 3)]
    [InlineData(44868.75, 2022, 11, 3)]
    public void TryParseDate_ExcelSerial1900_MatchesExcel(double serial, int year, int month, int day)
    {
        Assert.True(CellValues.TryParseDate(new RawCell(serial.ToString(System.Globalization.CultureInfo.InvariantCulture), CellKind.Date, serial), false, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Fact]
    public void TryParseDate_Serial60_IsExcelsFictitiousLeapDay_Rejected() =>
        Assert.False(CellValues.TryParseDate(new RawCell("60", CellKind.Date, 60), false, out _));

    [Fact]
    public void TryParseDate_Serial1904System_CountsFrom1904()
    {
        Assert.True(CellValues.TryParseDate(new RawCell("43406", CellKind.Date, 43406), true, out var date));
        Assert.Equal(new DateOnly(2022, 11, 3), date);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("0", "0")]
    [InlineData("1.5", "1.5")]
    [InlineData("12", "12")]
    public void TryParseHours_NonNegativeOrBlank_Accepted(string text, string? expected)
    {
        Assert.True(CellValues.TryParseHours(new RawCell(text), out var hours));
        Assert.Equal(expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), hours);
    }

    [Theory]
    [InlineData("-2")]
    [InlineData("two")]
    [InlineData("1,5")]
    [InlineData("3h")]
    public void TryParseHours_NegativeOrText_Rejected(string text) =>
        Assert.False(CellValues.TryParseHours(new RawCell(text), out _));

    [Theory]
    [InlineData("Beds open;Beds occupied", new[] { "Beds open", "Beds occupied" })]
    [InlineData("Beds open | Beds occupied |", new[] { "Beds open", "Beds occupied" })]
    [InlineData("Beds open\nBeds occupied\r\n\r\nCritical care beds", new[] { "Beds open", "Beds occupied", "Critical care beds" })]
    [InlineData(";; =SUM(A1) ;", new[] { "=SUM(A1)" })]
    [InlineData(" ; | ", new string[0])]
    public void SplitItems_Separators_SplitTrimmedAndEmptiesDropped(string text, string[] expected) =>
        Assert.Equal(expected, CellValues.SplitItems(text));
}
