using System.Globalization;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Common;
using Burden.Core.Costing;
using Burden.Core.Duplicates;
using Burden.Core.Meaning;
using Burden.Core.Rationalise;
using Burden.Core.Review;

namespace Burden.Core.Analysis;

/// <summary>Everything the pure analysis needs: records in, nothing read from a store.</summary>
/// <param name="Requests">Requests in scope (already filtered by period and organisation).</param>
/// <param name="Catalogue">Catalogue rows (national view).</param>
/// <param name="Period">Period, or null for everything.</param>
/// <param name="OrgCode">Organisation, or null for all.</param>
/// <param name="Now">When the analysis runs.</param>
/// <param name="Baseline">Baseline to compare with, or null.</param>
public sealed record AnalysisInput(IReadOnlyList<RequestRecord> Requests, IReadOnlyList<CatalogueEntry> Catalogue, ReportingPeriod? Period, OrgCode? OrgCode, DateTimeOffset Now, BaselineSnapshot? Baseline = null)
{
    /// <summary>Every decision recorded so far (append-only; the latest per subject counts).</summary>
    public IReadOnlyList<StoredReviewDecision> Decisions { get; init; } = [];

    /// <summary>Vectors of the items' canonical texts (see <see cref="ItemTexts"/>), or null to match items on canonical keys only.</summary>
    public ItemVectors? Vectors { get; init; }

    /// <summary>The distinct canonical texts of every item in <paramref name="requests"/> and <paramref name="catalogue"/>: what to encode.</summary>
    public static IReadOnlyList<string> ItemTexts(IEnumerable<RequestRecord> requests, IEnumerable<CatalogueEntry> catalogue, AnalysisReference reference)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(reference);
        var items = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            items.UnionWith(r.DataItems);
        }
        foreach (var c in catalogue)
        {
            items.UnionWith(c.DataItems);
        }
        return [.. items.Select(i => reference.Measures.Read(ItemNormaliser.StripExplicitClass(i)).Text).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The distinct names (as the classifier sees them) of the items no explicit class, override or taxonomy rule
    /// settles: what the learned layer of classification will encode.</summary>
    public static IReadOnlyList<string> UnsettledItemNames(IEnumerable<RequestRecord> requests, IEnumerable<CatalogueEntry> catalogue, AnalysisReference reference, AnalysisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(settings);
        var rules = new ItemClassifier(reference.Taxonomy, settings.Classification.Overrides);
        return [.. requests.SelectMany(r => r.DataItems).Concat(catalogue.SelectMany(c => c.DataItems))
            .Where(i => !string.IsNullOrWhiteSpace(i))
            .Distinct(StringComparer.Ordinal)
            .Select(rules.ByRules)
            .Where(c => c.ClassSource == ItemClassifier.DefaultSource)
            .Select(c => c.Name)
            .Distinct(StringComparer.Ordinal)];
    }
}

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
        var costing = settings.Costing;
        var classifier = new ItemClassifier(reference.Taxonomy, settings.Classification.Overrides, LearnedLayerFor(encoder, input.Vectors));
        var catalogueByRef = input.Catalogue
            .GroupBy(c => c.CollectionRef.Trim().ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

        var drafts = new List<Draft>();
        foreach (var group in CollectionGrouping.Group(input.Requests))
        {
            var first = group.Requests[0];
            var frequency = group.Requests.GroupBy(r => r.Frequency).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            var burden = BurdenCalculator.ForLog(frequency, [.. group.Requests.Select(r => new Submission(r.OrgCode, r.HoursSpent, r.StaffBand))], observedYears, costing);
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
                Organisations = [.. group.Requests.Select(r => r.OrgCode.Value).Distinct().Order(StringComparer.Ordinal)],
                Requests = group.Requests.Count,
                FirstReceived = group.Requests.Min(r => r.ReceivedDate),
                LastReceived = group.Requests.Max(r => r.ReceivedDate),
                Burden = burden,
                RequestsByOrg = group.Requests.GroupBy(r => r.OrgCode.Value).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
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
                    Burden = BurdenCalculator.ForCatalogue(c.Frequency, c.Respondents, c.HoursPerSubmission, input.Period?.Days, costing),
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
            else if (coveredShare >= settings.Rationalise.AutomatableCoverage)
            {
                d.AutomatableFrom = [.. covering.SelectMany(c => c).GroupBy(x => x).OrderByDescending(g => g.Count()).ThenBy(g => reference.Datasets.Names.ToList().IndexOf(g.Key)).Select(g => g.Key)];
            }
            d.UseAssessment = CollectionFlags.Assess(d.Usage, asAt, settings.Rationalise.UnusedGraceDays);
            d.Unused = d.UseAssessment.Status == UseStatus.Unused;
            d.ItemsVersion = ReviewKeys.ItemsVersion(d.ItemKeys);
            d.Unapproved = CollectionFlags.IsUnapproved(d.Usage, asAt);
        }

        var detector = new DuplicateDetector(reference.Measures, settings.Duplicates);
        var subjects = drafts.Select(d => new DuplicateSubject(d.Id, d.Title, d.Frequency, [.. d.Classified.Select(c => c.Name)], !d.Unapproved, d.AutomatableFrom.Count > 0)).ToList();
        var findings = detector.Detect(subjects, input.Vectors);
        var byId = drafts.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var decisions = new DecisionBook(input.Decisions);
        var (livePairs, dismissed) = PairReview.Apply(decisions, findings.Pairs, id => byId[id].ItemsVersion);
        if (dismissed.Count > 0)
        {
            // Groups, keepers and merge savings are rebuilt as if the dismissed pairs had never been found.
            findings = findings with { Pairs = livePairs, Groups = DuplicateDetector.GroupPairs(subjects, livePairs) };
        }
        else
        {
            findings = findings with { Pairs = livePairs };
        }
        foreach (var g in findings.Groups)
        {
            foreach (var member in g.Collections)
            {
                var d = byId[member];
                d.DuplicateGroup = g.Id;
                d.IsKeeper = member == g.Keep;
                d.KeeperTitle = byId[g.Keep].Title;
                // Shared by meaning, variants counted once: the measures duplicate matching found.
                var mine = findings.Meanings[member];
                var others = g.Collections.Where(m => m != member).SelectMany(m => findings.Meanings[m]).ToHashSet();
                d.ShareInGroup = mine.Count == 0 ? 0 : (double)mine.Count(others.Contains) / mine.Count;
            }
        }

        var reducedPerYear = settings.Costing.RegularSubmissionsPerYear(settings.Rationalise.ReducedFrequency) ?? 1;
        var collections = new List<CollectionAnalysis>();
        foreach (var d in drafts)
        {
            var outputOnly = d.Classified.All(c => c.Class != ItemClass.Outcome);
            var rec = RecommendationRules.Choose(new RecommendationFacts(
                d.Burden.HoursPerYear, d.Burden.CostGbpPerYear, d.Frequency, d.Burden.SubmissionsPerYear, d.Unused,
                d.DuplicateGroup, d.IsKeeper, d.KeeperTitle, d.ShareInGroup,
                string.IsNullOrWhiteSpace(d.AutomatedSource) ? d.AutomatableFrom : [], d.ShareAutomatable,
                d.Classified.Count > 0 && d.Classified.All(c => c.Class == ItemClass.Input), outputOnly)
            {
                UseUnknown = d.UseAssessment.Status == UseStatus.Unknown,
                UseEvidence = d.UseAssessment.Evidence,
                UseClaimed = !string.IsNullOrWhiteSpace(d.Usage.Purpose) || !string.IsNullOrWhiteSpace(d.Usage.Consumer) || !string.IsNullOrWhiteSpace(d.Usage.Publication),
                CurrentApproval = d.Unapproved ? null : d.Usage.ApprovalRef?.Trim(),
                AutomatedSourceStated = !string.IsNullOrWhiteSpace(d.AutomatedSource),
                ItemCount = d.Items.Count,
            }, settings.Rationalise.ReducedFrequency, reducedPerYear);
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
                Use = d.UseAssessment.Status,
                Evidence = rec.Evidence,
                Confidence = rec.Confidence,
                ItemsVersion = d.ItemsVersion,
                Review = decisions.ForRecommendation(d.Id, rec.Action.Token(), d.ItemsVersion),
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
            Method = Method(settings, reference) with
            {
                ItemClassifier = ClassifierMethod(reference, classifier),
                EmbeddingModel = input.Vectors?.ModelName,
                EmbeddingModelVersion = input.Vectors?.ModelVersion,
                EmbeddingsEncoded = input.Vectors?.Encoded ?? 0,
                EmbeddingsCached = input.Vectors?.Cached ?? 0,
            },
            DismissedPairs = dismissed,
            Coverage = Coverage(input),
            ReviewStats = decisions.Stats(),
        };
        if (input.Baseline is null)
        {
            return result;
        }
        var comparison = BaselineComparer.Compare(input.Baseline, result);
        return result with { Baseline = comparison with { FollowUps = decisions.FollowUps(input.Baseline, collections.Select(c => (c.Id, c.Title))) } };
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

    /// <summary>The learned layer over <paramref name="encoder"/>, looking first in <paramref name="vectors"/> (the same
    /// model's vectors, already computed); null when there is no encoder or the shipped weights were trained on another model's vectors.</summary>
    private static LearnedLayer? LearnedLayerFor(ITextEncoder? encoder, ItemVectors? vectors)
    {
        var model = AnalysisReference.ClassModel;
        if (encoder is null || !string.Equals(encoder.ModelName, model.ModelName, StringComparison.Ordinal) || encoder.Dimensions != model.Dimensions)
        {
            return null;
        }
        var sameModel = vectors is not null && string.Equals(vectors.ModelName, encoder.ModelName, StringComparison.Ordinal) && string.Equals(vectors.ModelVersion, encoder.ModelVersion, StringComparison.Ordinal);
        return new LearnedLayer(sameModel ? new PrecomputedFirst(vectors!, encoder) : encoder, model);
    }

    /// <summary>An encoder that answers from vectors already computed and asks the model only for the rest.</summary>
    private sealed class PrecomputedFirst(ItemVectors vectors, ITextEncoder model) : ITextEncoder
    {
        public string ModelName => model.ModelName;

        public string ModelVersion => model.ModelVersion;

        public int Dimensions => model.Dimensions;

        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            var result = new float[texts.Count][];
            var missing = new List<int>();
            for (var i = 0; i < texts.Count; i++)
            {
                if (vectors.Get(texts[i]) is { } v)
                {
                    result[i] = v;
                }
                else
                {
                    missing.Add(i);
                }
            }
            if (missing.Count > 0)
            {
                var encoded = model.Encode([.. missing.Select(i => texts[i])], cancellationToken);
                for (var j = 0; j < missing.Count; j++)
                {
                    result[missing[j]] = encoded[j];
                }
            }
            return result;
        }
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
        // A live rejection saves nothing; a live agreement is totalled apart; the rest split by confidence.
        static bool Live(CollectionAnalysis x, ReviewVerdict v) => x.Review is { Stale: false } r && r.Decision == v;
        var counted = c.Where(x => !Live(x, ReviewVerdict.Rejected)).ToList();
        var agreed = counted.Where(x => Live(x, ReviewVerdict.Agreed)).ToList();
        var evidence = counted.Where(x => !Live(x, ReviewVerdict.Agreed) && x.Confidence == Confidence.High).ToList();
        var suggested = counted.Where(x => !Live(x, ReviewVerdict.Agreed) && x.Confidence != Confidence.High).ToList();
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
            HoursSavedPerYear = Round(counted.Sum(x => x.HoursSavedPerYear)),
            CostGbpSavedPerYear = Round(counted.Sum(x => x.CostGbpSavedPerYear)),
            HoursSavedAgreedPerYear = Round(agreed.Sum(x => x.HoursSavedPerYear)),
            CostGbpSavedAgreedPerYear = Round(agreed.Sum(x => x.CostGbpSavedPerYear)),
            HoursSavedOnEvidencePerYear = Round(evidence.Sum(x => x.HoursSavedPerYear)),
            CostGbpSavedOnEvidencePerYear = Round(evidence.Sum(x => x.CostGbpSavedPerYear)),
            HoursSavedSuggestedPerYear = Round(suggested.Sum(x => x.HoursSavedPerYear)),
            CostGbpSavedSuggestedPerYear = Round(suggested.Sum(x => x.CostGbpSavedPerYear)),
            ByFrequency = byFrequency,
        };
    }

    private static PeriodCoverage Coverage(AnalysisInput input)
    {
        var months = new List<string>();
        DateOnly? from = input.Period?.Start ?? (input.Requests.Count == 0 ? null : input.Requests.Min(r => r.ReceivedDate));
        DateOnly? to = input.Period is { } p ? p.EndExclusive.AddDays(-1) : (input.Requests.Count == 0 ? null : input.Requests.Max(r => r.ReceivedDate));
        if (from is { } f && to is { } t)
        {
            for (var m = new DateOnly(f.Year, f.Month, 1); m <= t; m = m.AddMonths(1))
            {
                months.Add(m.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            }
        }
        var orgs = input.Requests
            .GroupBy(r => r.OrgCode.Value, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var with = g.Select(r => r.ReceivedDate.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
                return new OrganisationCoverage(g.Key, [.. months.Where(with.Contains)], [.. months.Where(m => !with.Contains(m))]);
            })
            .ToList();
        return new PeriodCoverage(months, orgs);
    }

    private static List<GroupTotals> ByOrganisation(List<Draft> drafts)
    {
        var rows = new Dictionary<string, (int Collections, int Requests, double Hours, double PerYear, double Cost)>(StringComparer.Ordinal);
        foreach (var d in drafts)
        {
            foreach (var (org, hours) in d.Burden.HoursByOrg)
            {
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
        BandRates = s.Costing.BandRates,
        DefaultBand = s.Costing.DefaultBand,
        OnCostFactor = s.Costing.OnCostFactor,
        SubmissionsPerYear = Frequencies.All.Where(f => f != Frequency.AdHoc).ToDictionary(f => f, f => s.Costing.RegularSubmissionsPerYear(f)!.Value),
        DefaultHours = s.Costing.DefaultHours,
        DuplicateContainmentThreshold = s.Duplicates.ContainmentThreshold,
        UnusedGraceDays = s.Rationalise.UnusedGraceDays,
        TaxonomyVersion = reference.Taxonomy.Version,
        DatasetsVersion = reference.Datasets.Version,
        VocabularyVersion = reference.Vocabulary.Version,
        DuplicateMinSharedItems = s.Duplicates.MinSharedItems,
        ItemSimilarityThreshold = s.Duplicates.ItemSimilarityThreshold,
        Formulas =
        [
            "Hours per year = respondents × submissions per year × mean hours per submission (catalogue: respondents × submissions per year × hours per submission).",
            string.Create(CultureInfo.InvariantCulture, $"Submissions per year: daily {s.Costing.RegularSubmissionsPerYear(Frequency.Daily)}, weekly 52, fortnightly 26, monthly 12, quarterly 4, annual 1; ad hoc = requests per respondent in the window ÷ the window in years (a month is 1/12 of a year, a financial year 1)."),
            string.Create(CultureInfo.InvariantCulture, $"Cost per year = hours per year × Agenda for Change hourly rate (band {s.Costing.DefaultBand} when none is given) × on-cost factor {s.Costing.OnCostFactor}."),
            "Blank hours are estimated from the same collection's other submissions, else the default hours for its frequency, and flagged.",
            string.Create(CultureInfo.InvariantCulture, $"Duplicates: containment ≥ {s.Duplicates.ContainmentThreshold} and ≥ {s.Duplicates.MinSharedItems} shared items after normalisation; differing numbers or disease/vaccine names block a match."),
            string.Create(CultureInfo.InvariantCulture, $"Items are one measure when their canonical keys are equal (measure vocabulary {reference.Vocabulary.Version}: abbreviations expanded, thresholds in one form, units converted), or when the embedding similarity of their canonical texts is ≥ {s.Duplicates.ItemSimilarityThreshold} and their thresholds, comparators, population, service and disease all agree; variants inside one collection count once."),
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
        public UseAssessment UseAssessment { get; set; } = new(UseStatus.Unknown, []);
        public string ItemsVersion { get; set; } = "";
        public bool Unapproved { get; set; }
        public string? DuplicateGroup { get; set; }
        public bool IsKeeper { get; set; }
        public string? KeeperTitle { get; set; }
        public double ShareInGroup { get; set; }
    }
}
