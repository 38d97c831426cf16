using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Duplicates;

namespace Burden.Core.Tests.Duplicates;

public class DuplicateDetectorTests
{
    private static readonly DuplicateDetector Detector = new(AnalysisReference.Shipped.Measures, 0.6, 2, 1.0);

    private static DuplicateSubject S(string id, string title, Frequency f, string items, bool approved = false, bool automated = false) =>
        new(id, title, f, items.Split(';', StringSplitOptions.TrimEntries), approved, automated);

    private static readonly DuplicateSubject SitRep = S("SIT", "UEC daily SitRep", Frequency.Daily,
        "G&A beds open; G&A beds occupied; Adult critical care beds occupied; Ambulance handovers over 60 minutes; Patients discharged", approved: true);

    [Fact]
    public void Detect_AdHocRequestContainedInDailyReturn_IsADuplicateWithReason()
    {
        var findings = Detector.Detect([SitRep, S("BED", "URGENT current bed position", Frequency.AdHoc, "No. of general and acute beds occupied; G&A beds open; Critical care beds occupied")]);

        var pair = Assert.Single(findings.Pairs);
        Assert.Equal(2.0 / 3, pair.Containment, 3);
        Assert.Equal(2.0 / 6, pair.Jaccard, 3);
        Assert.Equal(["No. of general and acute beds occupied", "G&A beds open"], pair.SharedItems);
        Assert.Equal("2 of 3 items of 'URGENT current bed position' (67%) are already asked for by 'UEC daily SitRep' (daily); matched by meaning: 'No. of general and acute beds occupied' = 'G&A beds occupied' (same canonical form)", pair.Reason.Replace(" %", "%", StringComparison.Ordinal));
        Assert.Contains(pair.MatchedItems, m => m.Kind == ItemMatchKind.Canonical && m.ItemB == "No. of general and acute beds occupied" && m.ItemA == "G&A beds occupied");
        var group = Assert.Single(findings.Groups);
        Assert.Equal("SIT", group.Keep);
        Assert.Contains("regular (daily)", group.KeepReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_FluAgainstCovidWithSharedGenericItems_IsBlocked()
    {
        var flu = S("FLU", "Staff vaccination uptake", Frequency.AdHoc, "Frontline staff; Frontline staff who declined; Frontline staff vaccinated against flu");
        var covid = S("COV", "Staff vaccination uptake", Frequency.AdHoc, "Frontline staff; Frontline staff who declined; Frontline staff vaccinated against COVID-19");

        var findings = Detector.Detect([flu, covid]);

        Assert.Empty(findings.Pairs);
        var blocked = Assert.Single(findings.Blocked);
        Assert.Contains("different measures", blocked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_62DaysAgainst104Days_IsBlocked()
    {
        var findings = Detector.Detect([
            S("A", "Cancer backlog", Frequency.AdHoc, "Patients on cancer PTL; Patients seen by specialist; Patients waiting over 62 days"),
            S("B", "Cancer backlog", Frequency.AdHoc, "Patients on cancer PTL; Patients seen by specialist; Patients waiting over 104 days"),
        ]);

        Assert.Empty(findings.Pairs);
        Assert.Contains("62", Assert.Single(findings.Blocked).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_SameTitleDifferentItems_IsNotADuplicate()
    {
        var findings = Detector.Detect([
            S("A", "Winter return", Frequency.Weekly, "Beds open; Beds occupied; Staff absent"),
            S("B", "Winter return", Frequency.Weekly, "Flu vaccinations given; Norovirus ward closures; Agency spend"),
        ]);

        Assert.Empty(findings.Pairs);
    }

    [Fact]
    public void Detect_OneSharedItemOnly_IsBelowTheFloor()
    {
        var findings = Detector.Detect([SitRep, S("X", "Handover check", Frequency.AdHoc, "Ambulance handovers over 60 minutes")]);

        Assert.Empty(findings.Pairs);
    }

    [Fact]
    public void Detect_Chain_JoinsOneGroupKeepingTheRegularApprovedOne()
    {
        var weekly = S("WK", "Weekly beds", Frequency.Weekly, "G&A beds open; G&A beds occupied; Adult critical care beds occupied");
        var adhoc = S("AH", "Bed position", Frequency.AdHoc, "G&A beds open; G&A beds occupied");

        var findings = Detector.Detect([adhoc, weekly, SitRep]);

        var group = Assert.Single(findings.Groups);
        Assert.Equal(["AH", "WK", "SIT"], group.Collections);
        Assert.Equal("SIT", group.Keep);
    }

    [Fact]
    public void TitleSimilarity_IgnoresNoiseWords()
    {
        Assert.Equal(1.0, DuplicateDetector.TitleSimilarity("URGENT: Current bed position request", "current bed position"));
        Assert.Equal(0.0, DuplicateDetector.TitleSimilarity("Bed position", "Workforce return"));
    }
}
