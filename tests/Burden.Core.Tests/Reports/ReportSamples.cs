using Burden.Core.Analysis;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Duplicates;
using Burden.Core.Ingest;
using Burden.Core.Rationalise;
using Burden.Core.Reports;
using Burden.Core.Storage;

namespace Burden.Core.Tests.Reports;

/// <summary>Analysis results and requests made by hand, so the report can be checked without the analyser.</summary>
public static class ReportSamples
{
    public static readonly DateTimeOffset GeneratedAt = new(2022, 12, 2, 6, 30, 0, TimeSpan.Zero);

    public const string FormulaTitle = "=HYPERLINK(\"http://evil.example\",\"click\")";
    public const string PlusItem = "+44 beds";
    public const string MinusTitle = "-1 beds closed";
    public const string AtRequester = "@ops team";

    public static CollectionAnalysis Collection(string id, string title, Frequency frequency, double hours, double hoursPerYear,
        string requester = "NHS England UEC", IReadOnlyList<ClassifiedItem>? items = null, bool outputOnly = false,
        IReadOnlyList<string>? automatable = null, Recommendation recommendation = Recommendation.Keep, double saved = 0,
        string? group = null, IReadOnlyList<string>? orgs = null, int requests = 1) => new()
        {
            Id = id,
            Title = title,
            Requester = requester,
            CollectionRef = id.StartsWith("DCB", StringComparison.Ordinal) ? id : null,
            Frequency = frequency,
            Organisations = orgs ?? ["QMM"],
            Respondents = (orgs ?? ["QMM"]).Count,
            Requests = requests,
            FirstReceived = new DateOnly(2022, 11, 1),
            LastReceived = new DateOnly(2022, 11, 30),
            Hours = hours,
            HoursEstimated = id.EndsWith('e'),
            SubmissionsPerYear = frequency switch { Frequency.Daily => 365, Frequency.Weekly => 52, Frequency.Monthly => 12, _ => 4 },
            HoursPerYear = hoursPerYear,
            CostGbpPerYear = hoursPerYear * 30.0,
            DataItems = items ?? [new ClassifiedItem("beds occupied", ItemClass.Input, "rule:beds")],
            OutputOnly = outputOnly,
            AutomatableFrom = automatable ?? [],
            Unused = recommendation == Recommendation.Retire,
            Unapproved = !id.StartsWith("DCB", StringComparison.Ordinal),
            ApprovalRef = id.StartsWith("DCB", StringComparison.Ordinal) ? id : null,
            Purpose = "operational oversight",
            DuplicateGroup = group,
            Recommendation = recommendation,
            RecommendationReason = recommendation == Recommendation.Keep ? "regular approved return" : $"{recommendation} it",
            HoursSavedPerYear = saved,
            CostGbpSavedPerYear = saved * 30.0,
            Source = "log",
        };

    /// <summary>A small November 2022 analysis for QMM: a daily SitRep, a weekly, a monthly, and ad hoc requests with formula-like text.</summary>
    public static AnalysisResult Analysis(bool withBaseline = true, string? org = "QMM")
    {
        var collections = new List<CollectionAnalysis>
        {
            Collection("DCB2050", "UEC daily SitRep", Frequency.Daily, 60, 730,
                items: [new("beds occupied", ItemClass.Input, "rule:beds"), new("ambulance handover delays", ItemClass.Process, "rule:delay")],
                outputOnly: true, automatable: ["FDP national tenant acute flows"], group: "G1", requests: 30),
            Collection("wlmds", "Waiting list minimum data set", Frequency.Weekly, 20, 260, requester: "NHS England Elective", requests: 4,
                items: [new("patients waiting over 52 weeks", ItemClass.Process, "rule:wait")], outputOnly: true, automatable: ["WLMDS"],
                recommendation: Recommendation.Automate, saved: 260),
            Collection("ffte", "Friends and family test", Frequency.Monthly, 3, 36, requester: "NHS England Insight",
                items: [new("patient experience score", ItemClass.Outcome, "rule:experience")]),
            Collection("adhoc-beds", FormulaTitle, Frequency.AdHoc, 2.5, 30, requester: AtRequester,
                items: [new(PlusItem, ItemClass.Input, "input"), new("beds occupied", ItemClass.Input, "rule:beds")],
                outputOnly: true, recommendation: Recommendation.Merge, saved: 30, group: "G1", requests: 2),
            Collection("adhoc-closed", MinusTitle, Frequency.AdHoc, 1, 12, requester: "NHS England Region",
                outputOnly: true, recommendation: Recommendation.Retire, saved: 12),
        };
        var byFrequency = Frequencies.All.ToDictionary(f => f, f =>
        {
            var of = collections.Where(c => c.Frequency == f).ToList();
            return new FrequencyTotals(of.Count, of.Sum(c => c.Requests), of.Sum(c => c.Hours), of.Sum(c => c.HoursPerYear));
        });
        var baseline = withBaseline
            ? new BaselineComparison
            {
                Name = "2022-10 reset",
                Period = "2022-10",
                Added = [new BaselineCollection
                {
                    Id = "adhoc-closed", Title = MinusTitle, Requester = "NHS England Region", Frequency = Frequency.AdHoc, ItemKeys = ["beds closed"],
                    Respondents = 1, SubmissionsPerYear = 12, HoursPerYear = 12, CostGbpPerYear = 360, OutputOnly = true, Automatable = false,
                }],
                Retired = [new BaselineCollection
                {
                    Id = "critcare", Title = "Critical care monthly", Requester = "NHS England UEC", Frequency = Frequency.Monthly, ItemKeys = ["critical care beds"],
                    Respondents = 1, SubmissionsPerYear = 12, HoursPerYear = 48, CostGbpPerYear = 1440, OutputOnly = true, Automatable = false,
                }],
                Changed = [new CollectionChange("wlmds", "Waiting list minimum data set", ChangeKind.ProgramChange, "frequency monthly -> weekly", 60, 260)],
                Deltas = new Dictionary<string, Delta>
                {
                    ["collections"] = new(5, 5),
                    ["submissions_per_year"] = new(400, 461),
                    ["hours_per_year"] = new(850, 1068),
                    ["cost_gbp_per_year"] = new(25500, 32040),
                    ["share_output_only"] = new(0.6, 0.8),
                    ["share_automatable"] = new(0.2, 0.4),
                },
            }
            : null;
        return new AnalysisResult
        {
            Period = "2022-11",
            Org = org,
            GeneratedAt = GeneratedAt,
            Totals = new AnalysisTotals
            {
                Requests = collections.Sum(c => c.Requests),
                Collections = collections.Count,
                Hours = collections.Sum(c => c.Hours),
                HoursPerYear = collections.Sum(c => c.HoursPerYear),
                CostGbpPerYear = collections.Sum(c => c.CostGbpPerYear),
                SubmissionsPerYear = 461,
                ShareOutputOnly = 0.8,
                ShareAutomatable = 0.4,
                HoursSavedPerYear = collections.Sum(c => c.HoursSavedPerYear),
                CostGbpSavedPerYear = collections.Sum(c => c.CostGbpSavedPerYear),
                ByFrequency = byFrequency,
            },
            Collections = collections,
            DuplicatePairs = [new DuplicatePairResult("DCB2050", "adhoc-beds", 1.0, 0.5, 0.1, 0.9, ["beds occupied"], "every item of the ad hoc request is in the daily SitRep")],
            DuplicateGroups = [new DuplicateGroupResult("G1", ["DCB2050", "adhoc-beds"], "DCB2050", "regular approved return")],
            Baseline = baseline,
            ByRequester = collections.GroupBy(c => c.Requester)
                .Select(g => new GroupTotals(g.Key, g.Count(), g.Sum(c => c.Requests), g.Sum(c => c.Hours), g.Sum(c => c.HoursPerYear), g.Sum(c => c.CostGbpPerYear)))
                .ToList(),
            ByOrganisation = [new GroupTotals("QMM", 5, 38, 86.5, 1068, 32040), new GroupTotals("RXX", 2, 3, 4, 40, 1200)],
            Method = new AnalysisMethod
            {
                BandRates = new Dictionary<string, decimal> { ["5"] = 19.33m, ["6"] = 23.82m, ["7"] = 27.98m, ["8a"] = 32.06m, ["8b"] = 38.30m },
                DefaultBand = "7",
                OnCostFactor = 1.25m,
                SubmissionsPerYear = new Dictionary<Frequency, double> { [Frequency.Daily] = 365, [Frequency.Weekly] = 52, [Frequency.Monthly] = 12 },
                DefaultHours = new Dictionary<Frequency, double> { [Frequency.Daily] = 2, [Frequency.Weekly] = 5 },
                DuplicateContainmentThreshold = 0.8,
                UnusedGraceDays = 365,
                TaxonomyVersion = "taxonomy 1",
                DatasetsVersion = "datasets 1",
                Formulas = ["Hours per year = hours per submission × submissions per year × respondents", "Cost per year = hours per year × band rate × on-cost factor"],
            },
        };
    }

    public static BaselineSnapshot Snapshot() => new("2022-10 reset", "2022-10", "QMM", new DateTimeOffset(2022, 11, 1, 0, 0, 0, TimeSpan.Zero),
    [
        new BaselineCollection { Id = "DCB2050", Title = "UEC daily SitRep", Requester = "NHS England UEC", Frequency = Frequency.Daily, ItemKeys = ["beds occupied"], Respondents = 1, SubmissionsPerYear = 365, HoursPerYear = 700, CostGbpPerYear = 21000, OutputOnly = true, Automatable = true },
        new BaselineCollection { Id = "wlmds", Title = "Waiting list minimum data set", Requester = "NHS England Elective", Frequency = Frequency.Monthly, ItemKeys = ["waiting"], Respondents = 1, SubmissionsPerYear = 12, HoursPerYear = 60, CostGbpPerYear = 1800, OutputOnly = true, Automatable = true },
        new BaselineCollection { Id = "critcare", Title = "Critical care monthly", Requester = "NHS England UEC", Frequency = Frequency.Monthly, ItemKeys = ["critical care beds"], Respondents = 1, SubmissionsPerYear = 12, HoursPerYear = 48, CostGbpPerYear = 1440, OutputOnly = true, Automatable = false },
    ]);

    public static IReadOnlyList<RequestRecord> Requests(int count = 6)
    {
        var list = new List<RequestRecord>();
        for (var i = 0; i < count; i++)
        {
            list.Add(new RequestRecord
            {
                OrgCode = "QMM",
                ReceivedDate = new DateOnly(2022, 11, 1 + i % 28),
                Requester = i == 0 ? AtRequester : "NHS England UEC",
                Title = i == 0 ? FormulaTitle : i == 1 ? MinusTitle : $"Daily SitRep {i}",
                Frequency = i < 2 ? Frequency.AdHoc : Frequency.Daily,
                DataItems = i == 0 ? [PlusItem, "beds occupied"] : ["beds occupied"],
                CollectionRef = i < 2 ? null : "DCB2050",
                HoursSpent = i == 3 ? null : 1.5m + i,
                StaffBand = "7",
                Channel = "email",
                DueDate = new DateOnly(2022, 12, 1),
                SourceFile = "qmm-requests-2022-11.csv",
                SourceLine = i + 2,
            });
        }
        return list;
    }

    public static IReadOnlyList<StoredFile> Files() =>
    [
        new StoredFile(1, "qmm-requests-2022-11.csv", new string('a', 64), LogKind.RequestLog, "QMM", 9, 6, 3, new DateTimeOffset(2022, 12, 1, 9, 0, 0, TimeSpan.Zero)),
        new StoredFile(2, "rxx-requests-2022-11.csv", new string('b', 64), LogKind.RequestLog, "RXX", 4, 4, 0, new DateTimeOffset(2022, 12, 1, 9, 5, 0, TimeSpan.Zero)),
    ];

    public static ReportInput Input(bool withBaseline = true, bool allOrgs = false, int requests = 6) =>
        new(Analysis(withBaseline, allOrgs ? null : "QMM"), Requests(requests), Files(), allOrgs)
        {
            BaselineSnapshot = withBaseline ? Snapshot() : null,
        };
}
