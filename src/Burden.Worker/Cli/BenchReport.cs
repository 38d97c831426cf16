using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Duplicates;
using Burden.Core.Ingest;
using Burden.Core.Rationalise;
using Burden.Core.Reports;
using Burden.Core.Storage;

namespace Burden.Worker.Cli;

/// <summary>
/// <c>burden bench report [--collections 20000] [--requests 200000] [--request-row-cap 100000]</c>: writes the report for a
/// synthetic analysis and, in the same run, the same cells as plain CSV (the baseline); prints time and peak memory,
/// their ratios to the baseline, and PASS/MISS against the targets.
/// </summary>
internal static class BenchReport
{
    internal static readonly TimeSpan TargetTime = TimeSpan.FromSeconds(60);
    internal const long TargetPeakBytes = 2L * 1024 * 1024 * 1024;

    private static readonly string[] Requesters =
        ["NHS England - UEC", "NHS England - Elective Recovery", "NHS England - East of England region", "CQC", "DHSC", "UKHSA", "NHS England - Workforce", "NHS England - Finance",
         "NHS England - Cancer", "NHS England - Mental Health", "NHS England - Primary Care", "NHS England - Digital"];
    private static readonly string[] Items =
        ["Beds open", "Beds occupied", "Patients no longer meeting the criteria to reside", "Ambulance handover delays", "Critical care beds",
         "Staff in post", "Agency shifts", "Referrals received", "Patients waiting over 52 weeks", "Imaging tests waiting", "Emergency readmissions within 30 days",
         "Friends and Family Test score", "Hospital-onset C. difficile infections", "Attendances", "Admissions", "Outpatient appointments"];
    private static readonly string[] Datasets = ["ECDS", "SUS APC", "WLMDS", "ESR", "DID", "MHSDS"];

    public static Command Build(CliContext context)
    {
        var collections = new Option<int>("--collections") { Description = "Collections in the synthetic analysis", DefaultValueFactory = _ => 20_000 };
        var requests = new Option<int>("--requests") { Description = "Requests in the period", DefaultValueFactory = _ => 200_000 };
        var rowCap = new Option<int>("--request-row-cap") { Description = "Requests sheet row cap (above it they spill to CSV)", DefaultValueFactory = _ => new ReportOptions().RequestRowCap };
        var command = new Command("report", "Report writing: time and peak memory for 20k collections and 200k requests, against the same cells written as CSV");
        command.Options.Add(collections);
        command.Options.Add(requests);
        command.Options.Add(rowCap);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(collections) < 1 || parse.GetValue(requests) < 1 || parse.GetValue(rowCap) < 1)
            {
                await context.Err.WriteLineAsync("burden: --collections, --requests and --request-row-cap must be at least 1");
                return ExitCodes.Usage;
            }
            var folder = Path.Combine(Path.GetTempPath(), "burden-bench-report-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                await RunAsync(context, folder, parse.GetValue(collections), parse.GetValue(requests), parse.GetValue(rowCap), cancellationToken);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(CliContext context, string folder, int collectionCount, int requestCount, int rowCap, CancellationToken cancellationToken)
    {
        var output = context.Out;
        var input = Synthetic(collectionCount, requestCount, context.Time.GetUtcNow());
        var options = new ReportOptions { RequestRowCap = rowCap };
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"burden bench report: {collectionCount:N0} collections, {requestCount:N0} requests, row cap {rowCap:N0}, {Environment.ProcessorCount} cores"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"targets: under {TargetTime.TotalSeconds:0} s and under {Mb(TargetPeakBytes):N0} MB peak working set"));

        // Baseline: the same cells (every table of the report, requests included) as plain CSV, measured first because a
        // process's peak working set only ever grows.
        Settle();
        var watch = Stopwatch.StartNew();
        var csvModel = ReportModelBuilder.Build(input, new ReportOptions { RequestRowCap = int.MaxValue });
        long csvBytes = 0;
        foreach (var table in csvModel.Sheets.SelectMany(s => s.Blocks).OfType<ReportTable>())
        {
            var path = Path.Combine(folder, table.Id + ".csv");
            using (var stream = File.Create(path))
            {
                ReportCsvWriter.Write(table, stream);
            }
            csvBytes += new FileInfo(path).Length;
        }
        var csvTime = watch.Elapsed;
        var csvPeak = PeakWorkingSet();
        cancellationToken.ThrowIfCancellationRequested();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"baseline  same cells as CSV: {csvTime.TotalSeconds,7:0.00} s, peak working set {Mb(csvPeak),6:N0} MB, {Mb(csvBytes):N0} MB written"));

        Settle();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        watch.Restart();
        var written = ReportFiles.Write(input, Path.Combine(folder, "bench.xlsx"), options, cancellationToken);
        var reportTime = watch.Elapsed;
        var reportPeak = PeakWorkingSet();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var workbookBytes = new FileInfo(written.WorkbookPath).Length;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"report    workbook{(written.SpillCsvPath is null ? "" : " + spill CSV")}: {reportTime.TotalSeconds,7:0.00} s, peak working set {Mb(reportPeak),6:N0} MB, " +
            $"{Mb(allocated):N0} MB allocated, workbook {Mb(workbookBytes):N1} MB{(written.SpillCsvPath is null ? "" : $", requests spilled to CSV ({Mb(new FileInfo(written.SpillCsvPath).Length):N1} MB)")}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ratio     report / CSV: time {reportTime / csvTime:0.0} x, peak memory {(double)reportPeak / csvPeak:0.0} x"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"time      {(reportTime < TargetTime ? "PASS" : "MISS")} {reportTime.TotalSeconds:0.0} s (target < {TargetTime.TotalSeconds:0} s)"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"memory    {(reportPeak < TargetPeakBytes ? "PASS" : "MISS")} {Mb(reportPeak):N0} MB peak (target < {Mb(TargetPeakBytes):N0} MB)"));
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    /// <summary>A deterministic analysis shaped like a national catalogue: every flag, duplicates, a baseline and all organisations.</summary>
    internal static ReportInput Synthetic(int collectionCount, int requestCount, DateTimeOffset now)
    {
        var random = new Random(20221130);
        var orgs = Enumerable.Range(0, 42).Select(i => $"Q{(char)('A' + i / 26 % 26)}{(char)('A' + i % 26)}").ToArray();
        var frequencies = Frequencies.All;
        var collections = new List<CollectionAnalysis>(collectionCount);
        for (var i = 0; i < collectionCount; i++)
        {
            var frequency = frequencies[random.Next(frequencies.Count)];
            var items = Enumerable.Range(0, 3 + random.Next(6))
                .Select(_ => Items[random.Next(Items.Length)]).Distinct()
                .Select(name => new ClassifiedItem(name, (ItemClass)random.Next(4), "rule:synthetic")).ToList();
            var hoursPerYear = Math.Round(random.NextDouble() * 2000, 1);
            var recommendation = (Recommendation)random.Next(6);
            var saved = recommendation == Recommendation.Keep ? 0 : Math.Round(hoursPerYear * 0.8, 1);
            var respondents = orgs.Take(1 + random.Next(5)).ToList();
            collections.Add(new CollectionAnalysis
            {
                Id = $"C{i:000000}",
                Title = $"{Items[i % Items.Length]} return {i}",
                Requester = Requesters[i % Requesters.Length],
                CollectionRef = i % 3 == 0 ? $"DCB{1000 + i % 9000}" : null,
                Frequency = frequency,
                Organisations = respondents,
                Respondents = respondents.Count,
                Requests = 1 + random.Next(30),
                FirstReceived = new DateOnly(2022, 11, 1),
                LastReceived = new DateOnly(2022, 11, 1 + random.Next(29)),
                Hours = Math.Round(hoursPerYear / 12, 1),
                HoursEstimated = random.Next(4) == 0,
                SubmissionsPerYear = frequency == Frequency.AdHoc ? random.Next(1, 12) : 12,
                HoursPerYear = hoursPerYear,
                CostGbpPerYear = Math.Round(hoursPerYear * 34.975, 2),
                DataItems = items,
                OutputOnly = items.All(x => x.Class != ItemClass.Outcome),
                AutomatableFrom = random.Next(5) == 0 ? [Datasets[random.Next(Datasets.Length)]] : [],
                Unused = recommendation == Recommendation.Retire,
                Unapproved = i % 3 != 0,
                ApprovalRef = i % 3 == 0 ? $"DCB{1000 + i % 9000}" : null,
                Purpose = i % 4 == 0 ? null : "operational oversight",
                DuplicateGroup = i % 10 < 2 ? $"G{i / 10 + 1}" : null,
                Recommendation = recommendation,
                RecommendationReason = $"{recommendation.Token()} (synthetic)",
                HoursSavedPerYear = saved,
                CostGbpSavedPerYear = Math.Round(saved * 34.975, 2),
                Source = i % 2 == 0 ? "log" : "catalogue",
            });
        }
        var pairs = new List<DuplicatePairResult>();
        var groups = new List<DuplicateGroupResult>();
        for (var i = 0; i + 1 < collectionCount; i += 10)
        {
            var a = collections[i].Id;
            var b = collections[i + 1].Id;
            pairs.Add(new DuplicatePairResult(a, b, 0.9, 0.6, 0.4, 0.85, ["Beds occupied", "Beds open"], "most of the ad hoc request's items are in the regular return"));
            groups.Add(new DuplicateGroupResult($"G{i / 10 + 1}", [a, b], a, "regular approved return"));
        }
        var byFrequency = frequencies.ToDictionary(f => f, f =>
        {
            var of = collections.Where(c => c.Frequency == f).ToList();
            return new FrequencyTotals(of.Count, of.Sum(c => c.Requests), of.Sum(c => c.Hours), of.Sum(c => c.HoursPerYear));
        });
        static GroupTotals Group(string name, IEnumerable<CollectionAnalysis> of)
        {
            var list = of.ToList();
            return new GroupTotals(name, list.Count, list.Sum(c => c.Requests), list.Sum(c => c.Hours), list.Sum(c => c.HoursPerYear), list.Sum(c => c.CostGbpPerYear));
        }
        BaselineCollection Frozen(CollectionAnalysis c) => new()
        {
            Id = c.Id, Title = c.Title, Requester = c.Requester, Frequency = c.Frequency, ItemKeys = c.DataItems.Select(x => x.Name.ToLowerInvariant()).ToList(),
            Respondents = c.Respondents, SubmissionsPerYear = c.SubmissionsPerYear, HoursPerYear = c.HoursPerYear, CostGbpPerYear = c.CostGbpPerYear,
            OutputOnly = c.OutputOnly, Automatable = c.AutomatableFrom.Count > 0,
        };
        var frozen = collections.Where((_, i) => i % 20 != 0).Select(Frozen).ToList();
        var totals = new AnalysisTotals
        {
            Requests = requestCount,
            Collections = collections.Count,
            Hours = collections.Sum(c => c.Hours),
            HoursPerYear = collections.Sum(c => c.HoursPerYear),
            CostGbpPerYear = collections.Sum(c => c.CostGbpPerYear),
            SubmissionsPerYear = collections.Sum(c => c.SubmissionsPerYear * c.Respondents),
            ShareOutputOnly = collections.Count(c => c.OutputOnly) / (double)collections.Count,
            ShareAutomatable = collections.Count(c => c.AutomatableFrom.Count > 0) / (double)collections.Count,
            HoursSavedPerYear = collections.Sum(c => c.HoursSavedPerYear),
            CostGbpSavedPerYear = collections.Sum(c => c.CostGbpSavedPerYear),
            ByFrequency = byFrequency,
        };
        var analysis = new AnalysisResult
        {
            Period = "2022-11",
            Org = null,
            GeneratedAt = now,
            Totals = totals,
            Collections = collections,
            DuplicatePairs = pairs,
            DuplicateGroups = groups,
            Baseline = new BaselineComparison
            {
                Name = "bench baseline",
                Period = "2022-10",
                Added = collections.Where((_, i) => i % 20 == 0).Select(Frozen).ToList(),
                Retired = [],
                Changed = collections.Where((_, i) => i % 20 == 1).Select(c => new CollectionChange(c.Id, c.Title, ChangeKind.Adjustment, "hours re-estimated", c.HoursPerYear * 0.9, c.HoursPerYear)).ToList(),
                Deltas = new Dictionary<string, Delta>
                {
                    ["collections"] = new(frozen.Count, collections.Count),
                    ["hours_per_year"] = new(frozen.Sum(c => c.HoursPerYear), totals.HoursPerYear),
                    ["cost_gbp_per_year"] = new(frozen.Sum(c => c.CostGbpPerYear), totals.CostGbpPerYear),
                },
            },
            ByRequester = collections.GroupBy(c => c.Requester).Select(g => Group(g.Key, g)).ToList(),
            ByOrganisation = orgs.Select(o => Group(o, collections.Where(c => c.Organisations.Contains(o)))).ToList(),
            Method = new AnalysisMethod
            {
                BandRates = new Dictionary<string, decimal> { ["5"] = 19.33m, ["6"] = 23.82m, ["7"] = 27.98m, ["8a"] = 32.06m, ["8b"] = 38.30m },
                DefaultBand = "7",
                OnCostFactor = 1.25m,
                SubmissionsPerYear = new Dictionary<Frequency, double> { [Frequency.Daily] = 365, [Frequency.Weekly] = 52, [Frequency.Fortnightly] = 26, [Frequency.Monthly] = 12, [Frequency.Quarterly] = 4, [Frequency.Annual] = 1 },
                DefaultHours = frequencies.ToDictionary(f => f, _ => 2.0),
                DuplicateContainmentThreshold = 0.8,
                UnusedGraceDays = 365,
                TaxonomyVersion = "synthetic",
                DatasetsVersion = "synthetic",
                Formulas = ["Hours per year = respondents × submissions per year × hours per submission"],
            },
        };
        var requests = new List<RequestRecord>(requestCount);
        for (var i = 0; i < requestCount; i++)
        {
            var c = collections[i % collections.Count];
            requests.Add(new RequestRecord
            {
                OrgCode = OrgCode.Parse(c.Organisations[i % c.Organisations.Count]),
                ReceivedDate = new DateOnly(2022, 11, 1 + i % 30),
                Requester = c.Requester,
                Title = c.Title,
                Frequency = c.Frequency,
                DataItems = c.DataItems.Select(x => x.Name).ToList(),
                CollectionRef = c.CollectionRef,
                HoursSpent = i % 7 == 0 ? null : 0.5m + i % 8,
                StaffBand = "7",
                Channel = "email",
                DueDate = new DateOnly(2022, 12, 1),
                Purpose = c.Purpose,
                ApprovalRef = c.ApprovalRef,
                SourceFile = $"requests-{c.Organisations[0]}.csv",
                SourceLine = 2 + i,
            });
        }
        var files = orgs.Select((o, i) => new StoredFile(i + 1, $"requests-{o}.csv", new string('0', 64), LogKind.RequestLog, OrgCode.Parse(o), 5000, 4990, 10, now)).ToList();
        return new ReportInput(analysis, requests, files, AllOrgs: true) { BaselineSnapshot = new BaselineSnapshot("bench baseline", "2022-10", null, now, frozen) };
    }
}
