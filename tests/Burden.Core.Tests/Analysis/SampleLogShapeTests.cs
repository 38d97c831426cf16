using Burden.Core.Catalogue;

namespace Burden.Core.Tests.Analysis;

/// <summary>The committed November 2022 sample keeps the shape the README and the acceptance tests rely on.</summary>
public class SampleLogShapeTests
{
    [Fact]
    public void SampleLog_Header_IsTheDocumentedColumnsInOrder()
    {
        var header = File.ReadLines(Support.Repo.Path("samples", "icb-request-log-2022-11.csv")).First();

        Assert.Equal("org_code,received_date,requester,title,frequency,data_items,collection_ref,hours_spent,staff_band,channel,due_date,purpose,approval_ref", header);
    }

    [Fact]
    public void SampleLog_Rows_AreAllNovember2022ForOneIcbWithEverySubmissionOfEachReturn()
    {
        var log = SampleFiles.LoadLog();

        Assert.All(log, r => Assert.Equal("QMM", r.OrgCode));
        Assert.All(log, r => Assert.True(r.ReceivedDate.Year == 2022 && r.ReceivedDate.Month == 11, $"line {r.SourceLine}: {r.ReceivedDate}"));
        var regular = log.Where(r => r.Frequency != Frequency.AdHoc).GroupBy(r => r.CollectionRef!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(regular.Values.Where(g => g[0].Frequency == Frequency.Daily), g => Assert.Equal(30, g.Count));
        Assert.All(regular.Values.Where(g => g[0].Frequency == Frequency.Weekly), g => Assert.Equal(4, g.Count));
        Assert.Equal(97, log.Count(r => r.Frequency == Frequency.AdHoc));
        Assert.Contains(log, r => r.HoursSpent is null);
        Assert.Contains(log, r => r.DataItems.Any(i => i.EndsWith("[outcome]", StringComparison.Ordinal)));
    }

    [Fact]
    public void OctoberSampleLog_Rows_AreAllOctober2022ForTheSameIcbWithEverySubmissionOfEachReturn()
    {
        var header = File.ReadLines(Support.Repo.Path("samples", "icb-request-log-2022-10.csv")).First();
        var log = SampleFiles.LoadLog("icb-request-log-2022-10.csv");

        Assert.Equal(File.ReadLines(Support.Repo.Path("samples", "icb-request-log-2022-11.csv")).First(), header);
        Assert.All(log, r => Assert.Equal("QMM", r.OrgCode));
        Assert.All(log, r => Assert.True(r.ReceivedDate.Year == 2022 && r.ReceivedDate.Month == 10, $"line {r.SourceLine}: {r.ReceivedDate}"));
        var regular = log.Where(r => r.Frequency != Frequency.AdHoc).GroupBy(r => r.CollectionRef!).ToDictionary(g => g.Key, g => g.ToList());
        // October 2022 has 31 days and five Mondays.
        Assert.All(regular.Values.Where(g => g[0].Frequency == Frequency.Daily), g => Assert.Equal(31, g.Count));
        Assert.All(regular.Values.Where(g => g[0].Frequency == Frequency.Weekly), g => Assert.Equal(5, g.Count));
        Assert.All(regular.Values, g => Assert.Single(g.Select(r => r.Frequency).Distinct()));
    }
}
