using Burden.Core.Rationalise;

namespace Burden.Core.Tests.Rationalise;

public class CollectionFlagsTests
{
    private static readonly DateOnly AsAt = new(2022, 11, 30);

    private static UsageFacts U(string? purpose = null, string? consumer = null, string? publication = null, string? lastUsed = null, string? approval = null, string? expiry = null) =>
        new(purpose, consumer, publication, lastUsed is null ? null : DateOnly.Parse(lastUsed, System.Globalization.CultureInfo.InvariantCulture), approval,
            expiry is null ? null : DateOnly.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(null, null, null, null, false)]
    [InlineData("Winter planning", null, null, null, false)]
    [InlineData(null, "NOC", null, null, false)]
    [InlineData(null, null, "Official statistics", null, false)]
    [InlineData(null, null, null, "2022-06-01", false)]
    [InlineData(null, null, null, "2021-11-29", true)]
    [InlineData("  ", null, null, "2020-01-01", true)]
    [InlineData("Winter planning", "NOC", null, "2020-01-01", true)]
    public void IsUnused_OnlyAStaleLastUse_IsEvidenceOfNonUse(string? purpose, string? consumer, string? publication, string? lastUsed, bool expected)
    {
        Assert.Equal(expected, CollectionFlags.IsUnused(U(purpose, consumer, publication, lastUsed), AsAt, 365));
    }

    [Theory]
    [InlineData(null, null, null, null, UseStatus.Unknown)]
    [InlineData("  ", null, null, null, UseStatus.Unknown)]
    [InlineData("Winter planning", null, null, null, UseStatus.Used)]
    [InlineData(null, null, null, "2022-11-01", UseStatus.Used)]
    [InlineData(null, null, null, "2021-11-29", UseStatus.Unused)]
    public void Assess_NoFactsAtAll_IsUnknownNotUnused(string? purpose, string? consumer, string? publication, string? lastUsed, UseStatus expected)
    {
        var assessment = CollectionFlags.Assess(U(purpose, consumer, publication, lastUsed), AsAt, 365);

        Assert.Equal(expected, assessment.Status);
        Assert.NotEmpty(assessment.Evidence);
    }

    [Fact]
    public void Assess_StaleLastUse_NamesTheDateTheDaysAndTheGracePeriod()
    {
        var assessment = CollectionFlags.Assess(U(lastUsed: "2021-06-30"), AsAt, 365);

        Assert.Equal("last used 2021-06-30, 518 days before 2022-11-30 (more than the 365-day grace period)", assessment.Evidence[0]);
        Assert.Contains("no consumer named", assessment.Evidence);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("approved by email", null, true)]
    [InlineData("DCB2050", null, false)]
    [InlineData("dapb 4011", "2025-03-31", false)]
    [InlineData("DAPB4011", "2022-11-29", true)]
    [InlineData("DAPB4011", "2022-11-30", false)]
    public void IsUnapproved_MissingNonDapbOrExpiredReference_IsFlagged(string? approval, string? expiry, bool expected)
    {
        Assert.Equal(expected, CollectionFlags.IsUnapproved(U(approval: approval, expiry: expiry), AsAt));
    }
}
