using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using static Burden.Core.Tests.Analysis.Records;

namespace Burden.Core.Tests.Analysis;

public class BaselineComparerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static AnalysisResult Run(params RequestRecord[] requests) =>
        AnalysisEngine.Analyse(new AnalysisInput(requests, [], ReportingPeriod.Parse("2022-11"), null, Now), new AnalysisSettings(), AnalysisReference.Shipped);

    private static readonly AnalysisResult Before = Run(
        Request("Beds", Frequency.Weekly, "Beds open; Beds occupied", "BEDS", hours: 2),
        Request("Workforce", Frequency.Monthly, "Staff in post; Vacancies", "WF", hours: 4),
        Request("Activity", Frequency.Monthly, "A&E attendances; Emergency admissions", "ACT", hours: 3),
        Request("Old", Frequency.Monthly, "Widgets", "OLD", hours: 1));

    private static BaselineComparison Compare(AnalysisResult now) => BaselineComparer.Compare(AnalysisEngine.Snapshot("reset-2022-11", Before, Now), now);

    [Fact]
    public void Compare_AddedAndRetired_ListedById()
    {
        var c = Compare(Run(
            Request("Beds", Frequency.Weekly, "Beds open; Beds occupied", "BEDS", hours: 2),
            Request("Workforce", Frequency.Monthly, "Staff in post; Vacancies", "WF", hours: 4),
            Request("Activity", Frequency.Monthly, "A&E attendances; Emergency admissions", "ACT", hours: 3),
            Request("New", Frequency.Monthly, "Gadgets", "NEW", hours: 1)));

        Assert.Equal("NEW", Assert.Single(c.Added).Id);
        Assert.Equal("OLD", Assert.Single(c.Retired).Id);
        Assert.Empty(c.Changed);
        Assert.Equal("reset-2022-11", c.Name);
    }

    [Fact]
    public void Compare_FrequencyOrItemsChanged_IsAProgramChange_HoursOnly_IsAnAdjustment()
    {
        var c = Compare(Run(
            Request("Beds", Frequency.Monthly, "Beds open; Beds occupied", "BEDS", hours: 2),
            Request("Workforce", Frequency.Monthly, "Staff in post; Vacancies; Agency spend", "WF", hours: 4),
            Request("Activity", Frequency.Monthly, "A&E attendances; Emergency admissions", "ACT", hours: 5),
            Request("Old", Frequency.Monthly, "Widgets", "OLD", hours: 1)));

        var byId = c.Changed.ToDictionary(x => x.Id);
        Assert.Equal(3, byId.Count);
        Assert.Equal(ChangeKind.ProgramChange, byId["BEDS"].Kind);
        Assert.Equal("frequency weekly -> monthly", byId["BEDS"].What);
        Assert.Equal(ChangeKind.ProgramChange, byId["WF"].Kind);
        Assert.Equal("items +1 -0", byId["WF"].What);
        Assert.Equal(ChangeKind.Adjustment, byId["ACT"].Kind);
        Assert.Equal("hours per year 36 -> 60", byId["ACT"].What);
        Assert.Equal(36, byId["ACT"].HoursPerYearBefore);
    }

    [Fact]
    public void Compare_Deltas_HaveEveryKeyWithBothValues()
    {
        var c = Compare(Run(Request("Beds", Frequency.Monthly, "Beds open; Beds occupied", "BEDS", hours: 2)));

        Assert.Equal(["collections", "cost_gbp_per_year", "hours_per_year", "share_automatable", "share_output_only", "submissions_per_year"], c.Deltas.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, c.Deltas["collections"].Baseline);
        Assert.Equal(1, c.Deltas["collections"].Current);
        Assert.Equal(Before.Totals.HoursPerYear, c.Deltas["hours_per_year"].Baseline, 1);
        Assert.Equal(24, c.Deltas["hours_per_year"].Current, 1);
        Assert.Equal(12 + 12 + 12 + 52, c.Deltas["submissions_per_year"].Baseline, 1);
        Assert.Equal(-3, c.Deltas["collections"].Change);
    }
}
