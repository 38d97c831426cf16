using Burden.Core.Common;

namespace Burden.Core.Tests.Common;

public class ReportingPeriodTests
{
    [Theory]
    [InlineData("2022-11", "2022-11-01", "2022-12-01", false)]
    [InlineData("2025/26", "2025-04-01", "2026-04-01", true)]
    [InlineData("1999/00", "1999-04-01", "2000-04-01", true)]
    public void Parse_ValidText_GivesInclusiveStartExclusiveEnd(string text, string start, string end, bool fy)
    {
        var period = ReportingPeriod.Parse(text);
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(end), period.EndExclusive);
        Assert.Equal(fy, period.IsFinancialYear);
        Assert.Equal(text, period.Label);
    }

    [Theory]
    [InlineData("2022-13")]
    [InlineData("2025/27")]
    [InlineData("Nov 2022")]
    [InlineData("")]
    public void Parse_InvalidText_SaysWhatWasExpected(string text)
    {
        var ex = Assert.Throws<BurdenException>(() => ReportingPeriod.Parse(text));
        Assert.Contains("YYYY-MM", ex.Message);
    }

    [Fact]
    public void PreviousMonth_OnSecondOfJanuary_IsDecemberOfPreviousYear()
    {
        Assert.Equal("2025-12", ReportingPeriod.PreviousMonth(new DateOnly(2026, 1, 2)).Label);
    }
}
