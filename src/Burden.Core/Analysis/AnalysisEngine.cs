using System.Globalization;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Common;
using Burden.Core.Costing;
using Burden.Core.Duplicates;
using Burden.Core.Rationalise;

namespace Burden.Core.Analysis;

/// <summary>Everything the pure analysis needs: records in, nothing read from a store.</summary>
/// <param name="Requests">Requests in scope (already filtered by period and organisation).</param>
/// <param name="Catalogue">Catalogue rows (national view).</param>
/// <param name="Period">Period, or null for everything.</param>
/// <param name="OrgCode">Organisation, or null for all.</param>
/// <param name="Now">When the analysis runs.</param>
/// <param name="Baseline">Baseline to compare with, or null.</param>
public sealed record AnalysisInput(IReadOnlyList<RequestRecord> Requests, IReadOnlyList<CatalogueEntry> Catalogue, ReportingPeriod? Period, string? OrgCode, DateTimeOffset Now, BaselineSnapshot? Baseline = null);

/// <summary>The pure analysis: takes records, returns the analysis document.</summary>
/// <remarks>
/// Catalogue rows are collections in their own right only in the national view (no organisation given); a catalogue
/// row whose reference matches a log collection always lends it purpose, consumer, publication, last use and approval.
/// Unused and expired approvals are judged as at the last day of the period (today when no period is given).
/// </remarks>
public static class AnalysisEngine
{
    /// <summary>Analyses <paramref name="input"/> with <paramref name="settings"/> and <paramref name="reference"/>.</summary>
    /// <param name="input">Records in scope.</param>
    /// <param name="settings">Settings.</param>
    /// <param name="reference">Reference files.</param>
    /// <param name="encoder">The sentence encoder; when given, items no rule classes are classed by the learned layer
    /// (<see cref="AnalysisReference.ClassModel"/>), else they default to output.</param>
    public static AnalysisResult Analyse(AnalysisInput input, AnalysisSettings settings, AnalysisReference reference, Meaning.ITextEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reference);
        var asAt = input.Period is { } p ? p.EndExclusive.AddDays(-1) : DateOnly.FromDateTime(input.Now.UtcDateTime);
        var observedYears = ObservedYears(input);
        var classifier = new ItemClassifier(reference.Taxonomy, settings.ItemClasses, encoder is null ? null : new LearnedLayer(encoder, AnalysisReference.ClassModel));
        var catalogueByRef = input.Catalogue
            .GroupBy(c => c.CollectionRef.Trim().ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        var drafts = new List<Draft>();
        foreach (var group in CollectionGrouping.Group(input.Requests))
        {
            var first = group.Requests[0];
            var frequency = group.Requests.GroupBy(r => r.Frequency).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            var burden = BurdenCalculator.ForLog(frequency, [.. group.Requests.Select(r => new Submission(r.OrgCode, r.HoursSpent, r.StaffBand))], observedYears, settings);
            catalogueByRef.TryGetValue(group.Id, out var cat);
            var purpose = group.Requests.Select(r => r.Purpose).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x)) ?? cat?.Purpose;
            var approval = group.Requests.Select(r => r.ApprovalRef).LastOrDefault(x => !string.IsNullOrWhiteSpace(x)) ?? cat?.ApprovalRef;
            drafts.Add(new Draft
            {
                Id = group.Id,
                Title = group.Requests.GroupBy(r => r.Title.Trim()).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key,
                Requester = first.Requester,
                CollectionRef = string.IsNullOrWhiteSpace(first.CollectionRef) ? null : first.CollectionRef.Trim(),
                Frequency = frequency,
                Organisations = [.. group.Requests.Select(r => r.OrgCode.Trim().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)],
                Requests = group.Requests.Count,
                FirstReceived = group.Requests.Min(r => r.ReceivedDate),
                LastReceived = group.Requests.Max(r => r.ReceivedDate),
                Burden = burden,
                RequestsByOrg = group.Requests.GroupBy(r => r.OrgCode.Trim().ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                Items = DistinctItems(group.Requests.SelectMany(r => r.DataItems)),
                Usage = new UsageFacts(purpose, cat?.Consumer, cat?.Publication, cat?.LastUsed, approval, cat?.ApprovalExpiry),
                AutomatedSource = cat?.AutomatedSource,
                Source = "log",
            });
        }
        if (input.OrgCode is null)
        {
            var logIds = drafts.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (id, c) in catalogueByRef.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (logIds.Contains(id))
                {
                    continue;
                }
                drafts.Add(new Draft
                {
                    Id = id,
                    Title = c.Title,
                    Requester = c.Requester,
                    CollectionRef = c.CollectionRef.Trim(),
                    Frequency = c.Frequency,
                    Organisations = [],
                    Respondents = c.Respondents,
                    Requests = 0,
                    Burden = BurdenCalculator.ForCatalogue(c.Frequency, c.Respondents, c.HoursPerSubmission, input.Period?.Days, settings),
                    RequestsByOrg = new Dictionary<string, int>(),
                    Items = DistinctItems(c.DataItems),
                    Usage = new UsageFacts(c.Purpose, c.Consumer, c.Publication, c.LastUsed, c.ApprovalRef, c.ApprovalExpiry),
                    AutomatedSource = c.AutomatedSource,
                    Source = "catalogue",
                });
            }
            drafts.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        }

        var classified = ClassifyDistinct(classifier, drafts.SelectMany(d => d.Items));
        foreach (var d in drafts)
        {
            d.Classified = [.. d.Items.Select(i => classified[i])];
            d.ItemWords = [.. d.Classified.Select(i => reference.Normaliser.Words(i.Name))];
            d.ItemKeys = [.. d.ItemWords.Select(w => string.Join(' ', w)).Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal)];
            var covering = d.ItemWords.Select(w => reference.Datasets.Covering(w)).ToList();
            var coveredShare = d.Items.Count == 0 ? 0 : (double)covering.Count(c => c.Count > 0) / d.Items.Count;
            d.ShareAutomatable = coveredShare;
            if (!string.IsNullOrWhiteSpace(d.AutomatedSource))
            {
                d.AutomatableFrom = [d.AutomatedSource.Trim()];
            }
            else if (coveredShare >= settings.AutomatableCoverage)
            {
                d.AutomatableFrom = [.. covering.SelectMany(c => c).GroupBy(x => x).OrderByDescending(g => g.Count()).ThenBy(g => reference.Datasets.Names.ToList().IndexOf(g.Key)).Select(g => g.Key)];
            }
            d.Unused = CollectionFlags.IsUnused(d.Usage, asAt, settings.UnusedGraceDays);
            d.Unapproved = CollectionFlags.IsUnapproved(d.Usage, asAt);
        }

        var detector = new DuplicateDetector(reference.Normaliser, settings.DuplicateContainmentThreshold, settings.DuplicateMinSharedItems);
        var findings = detector.Detect([.. drafts.Select(d => new DuplicateSubject(d.Id, d.Title, d.Frequency, [.. d.Classified.Select(c => c.Name)], !d.Unapproved, d.AutomatableFrom.Count > 0))]);
        var byId = drafts.ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var g in findings.Groups)
        {
            foreach (var member in g.Collections)
            {
                var d = byId[member];
                d.DuplicateGroup = g.Id;
                d.IsKeeper = member == g.Keep;
                d.KeeperTitle = byId[g.Keep].Title;
                var others = g.Collections.Where(m => m != member).SelectMany(m => byId[m].ItemKeys).ToHashSet(StringComparer.Ordinal);
                d.ShareInGroup = d.ItemKeys.Count == 0 ? 0 : (double)d.ItemKeys.Count(others.Contains) / d.ItemKeys.Count;
            }
        }

        var reducedPerYear = settings.RegularSubmissionsPerYear(settings.ReducedFrequency) ?? 1;
        var collections = new List<CollectionAnalysis>();
        foreach (var d in drafts)
        {
            var outputOnly = d.Classified.All(c => c.Class != ItemClass.Outcome);
            var rec = RecommendationRules.Choose(new RecommendationFacts(
                d.Burden.HoursPerYear, d.Burden.CostGbpPerYear, d.Frequency, d.Burden.SubmissionsPerYear, d.Unused,
                d.DuplicateGroup, d.IsKeeper, d.KeeperTitle, d.ShareInGroup,
                string.IsNullOrWhiteSpace(d.AutomatedSource) ? d.AutomatableFrom : [], d.ShareAutomatable,
                d.Classified.Count > 0 && d.Classified.All(c => c.Class == ItemClass.Input), outputOnly), settings.ReducedFrequency, reducedPerYear);
            collections.Add(new CollectionAnalysis
            {
                Id = d.Id,
                Title = d.Title,
                Requester = d.Requester,
                CollectionRef = d.CollectionRef,
                Frequency = d.Frequency,
                Organisations = d.Organisations,
                Respondents = d.Respondents ?? d.Organisations.Count,
                Requests = d.Requests,
                FirstReceived = d.FirstReceived,
                LastReceived = d.LastReceived,
                Hours = Round(d.Burden.Hours),
                HoursEstimated = d.Burden.HoursEstimated,
                SubmissionsPerYear = Round(d.Burden.SubmissionsPerYear),
                HoursPerYear = Round(d.Burden.HoursPerYear),
                CostGbpPerYear = Round(d.Burden.CostGbpPerYear),
                DataItems = d.Classified,
                ItemKeys = d.ItemKeys,
                OutputOnly = outputOnly,
                AutomatableFrom = d.AutomatableFrom,
                Unused = d.Unused,
                Unapproved = d.Unapproved,
                ApprovalRef = d.Usage.ApprovalRef,
                Purpose = d.Usage.Purpose,
                DuplicateGroup = d.DuplicateGroup,
                Recommendation = rec.Action,
                RecommendationReason = rec.Reason,
                HoursSavedPerYear = rec.HoursSavedPerYear,
                CostGbpSavedPerYear = rec.CostGbpSavedPerYear,
                Source = d.Source,
            });
        }

        var result = new AnalysisResult
        {
            Period = input.Period?.Label,
            Org = input.OrgCode,
            GeneratedAt = input.Now,
            Totals = Totals(collections),
            Collections = collections,
            DuplicatePairs = findings.Pairs,
            DuplicateGroups = findings.Groups,
            BlockedPairs = findings.Blocked,
            ByRequester = [.. collections.GroupBy(c => c.Requester, StringComparer.OrdinalIgnoreCase)
                .Select(g => new GroupTotals(g.First().Requester, g.Count(), g.Sum(c => c.Requests), Round(g.Sum(c => c.Hours)), Round(g.Sum(c => c.HoursPerYear)), Round(g.Sum(c => c.CostGbpPerYear))))
                .OrderByDescending(t => t.HoursPerYear).ThenBy(t => t.Name, StringComparer.Ordinal)],
            ByOrganisation = ByOrganisation(drafts),
            Method = Method(settings, reference) with { ItemClassifier = ClassifierMethod(reference, classifier) },
        };
        return input.Baseline is null ? result : result with { Baseline = BaselineComparer.Compare(input.Baseline, result) };
    }

    /// <summary>Freezes an analysis as a baseline.</summary>
    public static BaselineSnapshot Snapshot(string name, AnalysisResult result, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(result);
        return new BaselineSnapshot(name.Trim(), result.Period, result.Org, createdAt, [.. result.Collections.Select(BaselineComparer.Freeze)]);
    }

    /// <summary>The window requests were observed in, in years: the period (a month is 1/12), else the whole months the requests span.</summary>
    private static double ObservedYears(AnalysisInput input)
    {
        if (input.Period is { } period)
        {
            return period.IsFinancialYear ? 1.0 : 1.0 / 12;
        }
        if (input.Requests.Count == 0)
        {
            return 1.0;
        }
        var min = input.Requests.Min(r => r.ReceivedDate);
        var max = input.Requests.Max(r => r.ReceivedDate);
        var months = (max.Year - min.Year) * 12 + max.Month - min.Month + 1;
        return months / 12.0;
    }

    /// <summary>Classes every distinct item once, so the learned layer encodes each text once in one batch.</summary>
    private static Dictionary<string, ClassifiedItem> ClassifyDistinct(ItemClassifier classifier, IEnumerable<string> items)
    {
        var distinct = items.Distinct(StringComparer.Ordinal).ToList();
        var classes = classifier.ClassifyAll(distinct);
        var byItem = new Dictionary<string, ClassifiedItem>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
        {
            byItem[distinct[i]] = classes[i];
        }
        return byItem;
    }

    private static string ClassifierMethod(AnalysisReference reference, ItemClassifier classifier) => classifier.Learned is { } learned
        ? $"Items are classed by, in order: a class written in the item ([outcome]), a per-item override, the first taxonomy rule that matches (taxonomy {reference.Taxonomy.Version}), then the learned layer: logistic regression over {learned.Encoder.ModelName} {learned.Encoder.ModelVersion} sentence embeddings, trained on {learned.Model.TrainedOn}, giving its most probable class and that probability when it is at least {learned.MinimumConfidence.ToString(CultureInfo.InvariantCulture)} (else output, default)."
        : $"Items are classed by, in order: a class written in the item ([outcome]), a per-item override, the first taxonomy rule that matches (taxonomy {reference.Taxonomy.Version}); items no rule matches are classed output (no sentence encoder was given, so the learned layer was off).";

    private static List<string> DistinctItems(IEnumerable<string> items)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var list = new List<string>();
        foreach (var item in items)
        {
            var t = item.Trim();
            if (t.Length > 0 && seen.Add(t))
            {
                list.Add(t);
            }
        }
        return list;
    }

    private static AnalysisTotals Totals(List<CollectionAnalysis> c)
    {
        var byFrequency = Frequencies.All.ToDictionary(f => f, f =>
        {
            var of = c.Where(x => x.Frequency == f).ToList();
            return new FrequencyTotals(of.Count, of.Sum(x => x.Requests), Round(of.Sum(x => x.Hours)), Round(of.Sum(x => x.HoursPerYear)));
        });
        return new AnalysisTotals
        {
            Requests = c.Sum(x => x.Requests),
            Collections = c.Count,
            Hours = Round(c.Sum(x => x.Hours)),
            HoursPerYear = Round(c.Sum(x => x.HoursPerYear)),
            CostGbpPerYear = Round(c.Sum(x => x.CostGbpPerYear)),
            SubmissionsPerYear = Round(c.Sum(x => x.SubmissionsPerYear * Math.Max(1, x.Respondents))),
            ShareOutputOnly = c.Count == 0 ? 0 : Math.Round((double)c.Count(x => x.OutputOnly) / c.Count, 4),
            ShareAutomatable = c.Count == 0 ? 0 : Math.Round((double)c.Count(x => x.AutomatableFrom.Count > 0) / c.Count, 4),
            HoursSavedPerYear = Round(c.Sum(x => x.HoursSavedPerYear)),
            CostGbpSavedPerYear = Round(c.Sum(x => x.CostGbpSavedPerYear)),
            ByFrequency = byFrequency,
        };
    }

    private static List<GroupTotals> ByOrganisation(List<Draft> drafts)
    {
        var rows = new Dictionary<string, (int Collections, int Requests, double Hours, double PerYear, double Cost)>(StringComparer.Ordinal);
        foreach (var d in drafts)
        {
            foreach (var (orgGiven, hours) in d.Burden.HoursByOrg)
            {
                var org = orgGiven.Trim().ToUpperInvariant();
                var share = d.Burden.Hours > 0 ? hours / d.Burden.Hours : 1.0 / d.Burden.HoursByOrg.Count;
                var requests = d.RequestsByOrg.GetValueOrDefault(org);
                var r = rows.GetValueOrDefault(org);
                rows[org] = (r.Collections + 1, r.Requests + requests, r.Hours + hours, r.PerYear + d.Burden.HoursPerYear * share, r.Cost + d.Burden.CostGbpPerYear * share);
            }
        }
        return [.. rows.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new GroupTotals(kv.Key, kv.Value.Collections, kv.Value.Requests, Round(kv.Value.Hours), Round(kv.Value.PerYear), Round(kv.Value.Cost)))];
    }

    private static AnalysisMethod Method(AnalysisSettings s, AnalysisReference reference) => new()
    {
        BandRates = s.BandRates,
        DefaultBand = s.DefaultBand,
        OnCostFactor = s.OnCostFactor,
        SubmissionsPerYear = Frequencies.All.Where(f => f != Frequency.AdHoc).ToDictionary(f => f, f => s.RegularSubmissionsPerYear(f)!.Value),
        DefaultHours = s.DefaultHours,
        DuplicateContainmentThreshold = s.DuplicateContainmentThreshold,
        UnusedGraceDays = s.UnusedGraceDays,
        TaxonomyVersion = reference.Taxonomy.Version,
        DatasetsVersion = reference.Datasets.Version,
        Formulas =
        [
            "Hours per year = respondents × submissions per year × mean hours per submission (catalogue: respondents × submissions per year × hours per submission).",
            string.Create(CultureInfo.InvariantCulture, $"Submissions per year: daily {s.RegularSubmissionsPerYear(Frequency.Daily)}, weekly 52, fortnightly 26, monthly 12, quarterly 4, annual 1; ad hoc = requests per respondent in the window ÷ the window in years (a month is 1/12 of a year, a financial year 1)."),
            string.Create(CultureInfo.InvariantCulture, $"Cost per year = hours per year × Agenda for Change hourly rate (band {s.DefaultBand} when none is given) × on-cost factor {s.OnCostFactor}."),
            "Blank hours are estimated from the same collection's other submissions, else the default hours for its frequency, and flagged.",
            string.Create(CultureInfo.InvariantCulture, $"Duplicates: containment ≥ {s.DuplicateContainmentThreshold} and ≥ {s.DuplicateMinSharedItems} shared items after normalisation; differing numbers or disease/vaccine names block a match."),
        ],
    };

    private static double Round(double x) => Math.Round(x, 2);

    private sealed class Draft
    {
        public required string Id { get; init; }
        public required string Title { get; init; }
        public required string Requester { get; init; }
        public string? CollectionRef { get; init; }
        public required Frequency Frequency { get; init; }
        public required IReadOnlyList<string> Organisations { get; init; }
        public int? Respondents { get; init; }
        public required int Requests { get; init; }
        public DateOnly? FirstReceived { get; init; }
        public DateOnly? LastReceived { get; init; }
        public required CollectionBurden Burden { get; init; }
        public required IReadOnlyDictionary<string, int> RequestsByOrg { get; init; }
        public required List<string> Items { get; init; }
        public required UsageFacts Usage { get; init; }
        public string? AutomatedSource { get; init; }
        public required string Source { get; init; }
        public List<ClassifiedItem> Classified { get; set; } = [];
        public List<IReadOnlyList<string>> ItemWords { get; set; } = [];
        public List<string> ItemKeys { get; set; } = [];
        public IReadOnlyList<string> AutomatableFrom { get; set; } = [];
        public double ShareAutomatable { get; set; }
        public bool Unused { get; set; }
        public bool Unapproved { get; set; }
        public string? DuplicateGroup { get; set; }
        public bool IsKeeper { get; set; }
        public string? KeeperTitle { get; set; }
        public double ShareInGroup { get; set; }
    }
}
