using System.Globalization;
using System.Reflection;
using Burden.Core.Analysis;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Duplicates;
using Burden.Core.Ingest;
using Burden.Core.Rationalise;
using Burden.Core.Review;
using Burden.Core.Storage;

namespace Burden.Core.Reports;

/// <summary>Everything a report shows, gathered before it is laid out.</summary>
/// <param name="Analysis">The analysis (the same document as <c>burden analyse --json</c>).</param>
/// <param name="Requests">Every request in the period and organisation scope.</param>
/// <param name="Files">Stored files, for rejected-row counts and data sources.</param>
/// <param name="AllOrgs">Compare organisations on the Summary and add an organisation column to Collections.</param>
public sealed record ReportInput(AnalysisResult Analysis, IReadOnlyList<RequestRecord> Requests, IReadOnlyList<StoredFile> Files, bool AllOrgs)
{
    /// <summary>The baseline's frozen collections, for the per-frequency comparison; null when none.</summary>
    public BaselineSnapshot? BaselineSnapshot { get; init; }

    /// <summary>The catalogue as the analysis read it (the latest entry per reference), to tell which catalogue files an organisation's report draws on.</summary>
    public IReadOnlyList<CatalogueEntry> Catalogue { get; init; } = [];

    /// <summary>File name of the CSV the requests spill to when over the cap (shown on the sheet).</summary>
    public string SpillFileName { get; init; } = "requests.csv";
}

/// <summary>Lays an analysis out as report sheets: pure, no I/O; the workbook writer only draws what this returns.</summary>
public static class ReportModelBuilder
{
    /// <summary>The sheet names, in order.</summary>
    public static IReadOnlyList<string> SheetNames { get; } =
        ["Summary", "Collections", "Duplicates", "Output-only", "Automatable", "Baseline", "Requests", "Method"];

    /// <summary>Builds the model.</summary>
    public static ReportModel Build(ReportInput input, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new ReportOptions();
        var analysis = input.Analysis;
        var byId = CollectionsById(analysis);
        var spill = input.Requests.Count > options.RequestRowCap;
        var requestsTable = RequestsTable(input.Requests);
        var sheets = new List<ReportSheet>
        {
            Summary(input, options),
            Collections(analysis, input.AllOrgs),
            Duplicates(analysis, byId),
            OutputOnly(analysis),
            Automatable(analysis),
            Baseline(analysis, byId),
            Requests(input, options, requestsTable, spill),
            Method(input, options),
        };
        return new ReportModel(sheets, spill ? requestsTable : null);
    }

    /// <summary>Each collection of <paramref name="analysis"/> by its id (the first, if an id repeats).</summary>
    internal static IReadOnlyDictionary<string, CollectionAnalysis> CollectionsById(AnalysisResult analysis)
    {
        var byId = new Dictionary<string, CollectionAnalysis>(StringComparer.Ordinal);
        foreach (var c in analysis.Collections)
        {
            byId.TryAdd(c.Id, c);
        }
        return byId;
    }

    /// <summary>
    /// The counts in the Hewitt review's terms: regular collections counted as returns, ad hoc ones as requests
    /// ("3 daily, 11 weekly, 6 monthly returns and 97 ad hoc requests").
    /// </summary>
    public static string CountsSentence(AnalysisTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var regular = Frequencies.All
            .Where(f => f != Frequency.AdHoc)
            .Select(f => (Frequency: f, Count: totals.ByFrequency.TryGetValue(f, out var t) ? t.Collections : 0))
            .Where(x => x.Count > 0)
            .ToList();
        var adHoc = totals.ByFrequency.TryGetValue(Frequency.AdHoc, out var a) ? a.Requests : 0;
        var regularTotal = regular.Sum(x => x.Count);
        var parts = new List<string>();
        if (regular.Count > 0)
        {
            var list = string.Join(", ", regular.Select(x => $"{Count(x.Count)} {FrequencyLabel(x.Frequency).ToLowerInvariant()}"));
            parts.Add($"{list} {(regularTotal == 1 ? "return" : "returns")}");
        }
        if (adHoc > 0)
        {
            parts.Add($"{Count(adHoc)} ad hoc {(adHoc == 1 ? "request" : "requests")}");
        }
        return parts.Count == 0 ? "no returns and no ad hoc requests" : string.Join(" and ", parts);
    }

    /// <summary>A frequency as people write it: <c>Daily</c> … <c>Ad hoc</c>.</summary>
    public static string FrequencyLabel(Frequency frequency) =>
        frequency == Frequency.AdHoc ? "Ad hoc" : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(frequency.Token());

    /// <summary>A recommendation as people write it: <c>Reduce frequency</c>.</summary>
    public static string RecommendationLabel(Recommendation recommendation)
    {
        var token = recommendation.Token().Replace('_', ' ');
        return char.ToUpperInvariant(token[0]) + token[1..];
    }

    private static ReportSheet Summary(ReportInput input, ReportOptions options)
    {
        var analysis = input.Analysis;
        var totals = analysis.Totals;
        var baseline = analysis.Baseline;
        var blocks = new List<ReportBlock>
        {
            new ReportHeading("Data-collection burden report", IsTitle: true),
            new ReportFields(
            [
                Field("Period", analysis.Period ?? "All periods stored"),
                Field("Organisation(s)", OrganisationsLabel(analysis, input.AllOrgs)),
                Field("Baseline", baseline is null ? "None given (no comparison)" : $"{baseline.Name}{(baseline.Period is null ? "" : $" (period {baseline.Period})")}"),
                Field("Generated", new ReportCell(analysis.GeneratedAt, ReportFormat.DateTime)),
                Field("Coverage", CoverageText.Statement(analysis.Coverage, analysis.Period) ?? "No requests in scope."),
            ]),
            new ReportParagraph($"{(analysis.Period is null ? "In all periods stored" : $"In {analysis.Period}")}: {CountsSentence(totals)}."),
            new ReportHeading("Headline figures"),
            Headline(analysis),
        };

        var hasSnapshot = input.BaselineSnapshot is not null;
        var byFrequency = new ReportColumns<Frequency>("ByFrequency");
        var frequencyLabel = byFrequency.Add("Frequency", ReportFormat.Text, FrequencyLabel);
        FrequencyTotals TotalsOf(Frequency f) => totals.ByFrequency.TryGetValue(f, out var ft) ? ft : new FrequencyTotals(0, 0, 0, 0);
        byFrequency.Add("Collections", ReportFormat.Count, f => TotalsOf(f).Collections);
        byFrequency.Add("Requests", ReportFormat.Count, f => TotalsOf(f).Requests);
        var frequencyHours = byFrequency.Add("Hours in the period", ReportFormat.Hours, f => TotalsOf(f).Hours);
        var frequencyPerYear = byFrequency.Add("Hours per year", ReportFormat.Hours, f => TotalsOf(f).HoursPerYear);
        ReportColumnRef? baselinePerYear = hasSnapshot
            ? byFrequency.Add("Baseline hours per year", ReportFormat.Hours, f => input.BaselineSnapshot!.Collections.Where(c => c.Frequency == f).Sum(c => c.HoursPerYear))
            : null;
        blocks.Add(new ReportHeading("By frequency"));
        blocks.Add(byFrequency.Table(Frequencies.All));

        var requesters = analysis.ByRequester.OrderByDescending(r => r.Hours).ThenBy(r => r.Name, StringComparer.Ordinal).Take(options.TopRequesters).ToList();
        blocks.Add(new ReportHeading(analysis.ByRequester.Count > requesters.Count
            ? $"By requester (top {requesters.Count} of {analysis.ByRequester.Count} by hours)"
            : "By requester"));
        var byRequester = GroupColumns("ByRequester", "Requester", totals.Hours);
        blocks.Add(byRequester.Table(requesters) with { EmptyText = "None in scope." });

        var charts = new List<ReportChart>
        {
            byFrequency.Chart("Hours in the period by frequency", frequencyLabel, [frequencyHours]),
            byRequester.Chart("Hours in the period by requester", byRequester["Requester"], [byRequester["Hours in the period"]], horizontal: true),
        };
        if (baselinePerYear is not null)
        {
            charts.Add(byFrequency.Chart("This period against the baseline: hours per year by frequency", frequencyLabel, [frequencyPerYear, baselinePerYear]));
        }

        if (input.AllOrgs)
        {
            var byOrganisation = GroupColumns("ByOrganisation", "Organisation", totals.Hours);
            blocks.Add(new ReportHeading("Organisations compared"));
            blocks.Add(byOrganisation.Table(analysis.ByOrganisation.OrderByDescending(o => o.Hours).ThenBy(o => o.Name, StringComparer.Ordinal).ToList()) with { EmptyText = "None in scope." });
            charts.Add(byOrganisation.Chart("Hours in the period by organisation", byOrganisation["Organisation"], [byOrganisation["Hours in the period"]], horizontal: true));
        }

        var savings = analysis.Collections.Where(c => c.HoursSavedPerYear > 0)
            .OrderByDescending(c => c.HoursSavedPerYear).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Take(options.TopSavings).ToList();
        blocks.Add(new ReportHeading("Top savings"));
        blocks.Add(new ReportParagraph(
            $"Taking every recommendation would save {totals.HoursSavedPerYear.ToString("#,##0", CultureInfo.InvariantCulture)} hours " +
            $"and £{totals.CostGbpSavedPerYear.ToString("#,##0", CultureInfo.InvariantCulture)} a year, each hour counted once."));
        blocks.Add(new ReportParagraph(SavingsSentence(totals)));
        blocks.Add(TopSavingsColumns().Table(savings) with { EmptyText = "No savings: every collection is recommended to keep." });
        return new ReportSheet("Summary", blocks) { Charts = charts };
    }

    /// <summary>The Summary's top savings: header, format and value together.</summary>
    internal static ReportColumns<CollectionAnalysis> TopSavingsColumns()
    {
        var c = new ReportColumns<CollectionAnalysis>("TopSavings");
        c.Add("Collection", ReportFormat.Text, x => x.Title, 36);
        c.Add("Requester", ReportFormat.Text, x => x.Requester, 24);
        c.Add("Frequency", ReportFormat.Text, x => FrequencyLabel(x.Frequency));
        c.Add("Recommendation", ReportFormat.Text, x => RecommendationLabel(x.Recommendation));
        c.Add("Hours saved per year", ReportFormat.Hours, x => x.HoursSavedPerYear);
        c.Add("Cost saved per year", ReportFormat.Money, x => x.CostGbpSavedPerYear);
        c.Add("Why", ReportFormat.Text, x => x.RecommendationReason, 40);
        return c;
    }

    /// <summary>One headline figure: its name, this period's value, its format, and the baseline delta it is compared with (if any).</summary>
    internal sealed record HeadlineFigure(string Name, double Current, ReportFormat Format, string? DeltaKey);

    /// <summary>The Summary's headline figures: header, format and value together; each figure row carries its own format.</summary>
    internal static ReportColumns<HeadlineFigure> HeadlineColumns(IReadOnlyDictionary<string, Delta>? deltas)
    {
        Delta? Against(HeadlineFigure f) => f.DeltaKey is not null && deltas is not null && deltas.TryGetValue(f.DeltaKey, out var d) ? d : null;
        var c = new ReportColumns<HeadlineFigure>("Headline");
        c.Add("Figure", ReportFormat.Text, f => f.Name, 46);
        c.Add("This period", ReportFormat.Number, f => new ReportCell(f.Current, f.Format));
        c.Add("Baseline", ReportFormat.Number, f => Against(f) is { } d ? new ReportCell(d.Baseline, f.Format) : null);
        c.Add("Change", ReportFormat.Number, f => Against(f) is { } d ? Change(f.Current - d.Baseline, f.Format) : null);
        return c;
    }

    /// <summary>The headline figures of <paramref name="analysis"/>, in the order the Summary lists them.</summary>
    internal static IReadOnlyList<HeadlineFigure> HeadlineFigures(AnalysisResult analysis)
    {
        var t = analysis.Totals;
        var costInPeriod = analysis.Collections.Sum(c => c.HoursPerYear > 0 ? c.Hours * c.CostGbpPerYear / c.HoursPerYear : 0);
        static HeadlineFigure Figure(string name, double current, ReportFormat format, string? deltaKey) => new(name, current, format, deltaKey);
        return
            [
                Figure("Collections", t.Collections, ReportFormat.Count, "collections"),
                Figure("Requests received", t.Requests, ReportFormat.Count, null),
                Figure("Hours in the period", t.Hours, ReportFormat.Hours, null),
                Figure("Cost in the period", costInPeriod, ReportFormat.Money, null),
                Figure("Submissions per year", t.SubmissionsPerYear, ReportFormat.Count, "submissions_per_year"),
                Figure("Hours per year", t.HoursPerYear, ReportFormat.Hours, "hours_per_year"),
                Figure("Cost per year", t.CostGbpPerYear, ReportFormat.Money, "cost_gbp_per_year"),
                Figure("Share output-only", t.ShareOutputOnly, ReportFormat.Share, "share_output_only"),
                Figure("Share automatable", t.ShareAutomatable, ReportFormat.Share, "share_automatable"),
                Figure("Hours per year saved by the recommendations", t.HoursSavedPerYear, ReportFormat.Hours, null),
                Figure("Cost per year saved by the recommendations", t.CostGbpSavedPerYear, ReportFormat.Money, null),
                Figure("  of which agreed by a reviewer (hours per year)", t.HoursSavedAgreedPerYear, ReportFormat.Hours, null),
                Figure("  of which resting on evidence (hours per year)", t.HoursSavedOnEvidencePerYear, ReportFormat.Hours, null),
                Figure("  of which only suggested (hours per year)", t.HoursSavedSuggestedPerYear, ReportFormat.Hours, null),
            ];
    }

    private static ReportTable Headline(AnalysisResult analysis) => HeadlineColumns(analysis.Baseline?.Deltas).Table(HeadlineFigures(analysis));

    private static ReportColumns<GroupTotals> GroupColumns(string id, string label, double totalHours)
    {
        var c = new ReportColumns<GroupTotals>(id);
        c.Add(label, ReportFormat.Text, g => g.Name, 36);
        c.Add("Collections", ReportFormat.Count, g => g.Collections);
        c.Add("Requests", ReportFormat.Count, g => g.Requests);
        c.Add("Hours in the period", ReportFormat.Hours, g => g.Hours);
        c.Add("Hours per year", ReportFormat.Hours, g => g.HoursPerYear);
        c.Add("Cost per year", ReportFormat.Money, g => g.CostGbpPerYear);
        c.Add("Share of hours", ReportFormat.Share, g => totalHours > 0 ? g.Hours / totalHours : 0);
        return c;
    }

    /// <summary>The Collections sheet's columns: header, format and value together.</summary>
    internal static ReportColumns<CollectionAnalysis> CollectionColumns(bool allOrgs)
    {
        var c = new ReportColumns<CollectionAnalysis>("Collections");
        if (allOrgs)
        {
            c.Add("Organisations", ReportFormat.Text, x => string.Join(", ", x.Organisations), 30);
        }
        c.Add("Id", ReportFormat.Text, x => x.Id, 30);
        c.Add("Title", ReportFormat.Text, x => x.Title, 50);
        c.Add("Requester", ReportFormat.Text, x => x.Requester, 30);
        c.Add("Collection ref", ReportFormat.Text, x => x.CollectionRef);
        c.Add("Frequency", ReportFormat.Text, x => FrequencyLabel(x.Frequency));
        c.Add("Respondents", ReportFormat.Count, x => x.Respondents);
        c.Add("Requests", ReportFormat.Count, x => x.Requests);
        c.Add("First received", ReportFormat.Date, x => x.FirstReceived);
        c.Add("Last received", ReportFormat.Date, x => x.LastReceived);
        c.Add("Hours in the period", ReportFormat.Hours, x => x.Hours);
        c.Add("Hours estimated", ReportFormat.Flag, x => x.HoursEstimated);
        c.Add("Submissions per year", ReportFormat.Number, x => x.SubmissionsPerYear);
        c.Add("Hours per year", ReportFormat.Hours, x => x.HoursPerYear);
        c.Add("Cost per year", ReportFormat.Money, x => x.CostGbpPerYear);
        c.Add("Items", ReportFormat.Count, x => x.DataItems.Count);
        c.Add("Data items (class)", ReportFormat.Text, x => ItemsWithClasses(x.DataItems), 80);
        c.Add("Output-only", ReportFormat.Flag, x => x.OutputOnly);
        c.Add("Automatable from", ReportFormat.Text, x => NullIfEmpty(string.Join(", ", x.AutomatableFrom)), 30);
        c.Add("Unused", ReportFormat.Flag, x => x.Unused);
        c.Add("Unapproved", ReportFormat.Flag, x => x.Unapproved);
        c.Add("Approval ref", ReportFormat.Text, x => x.ApprovalRef);
        c.Add("Purpose", ReportFormat.Text, x => x.Purpose, 40);
        c.Add("Duplicate group", ReportFormat.Text, x => x.DuplicateGroup);
        c.Add("Recommendation", ReportFormat.Text, x => RecommendationLabel(x.Recommendation));
        c.Add("Why", ReportFormat.Text, x => x.RecommendationReason, 60);
        c.Add("Hours saved per year", ReportFormat.Hours, x => x.HoursSavedPerYear);
        c.Add("Cost saved per year", ReportFormat.Money, x => x.CostGbpSavedPerYear);
        c.Add("Source", ReportFormat.Text, x => SourceLabel(x.Source));
        c.Add("Use", ReportFormat.Text, x => x.Use.Token());
        c.Add("Confidence", ReportFormat.Text, x => x.Confidence.Token());
        c.Add("Evidence", ReportFormat.Text, x => NullIfEmpty(string.Join("; ", x.Evidence)), 60);
        c.Add("Earlier decision", ReportFormat.Text, x => EarlierDecision(x.Review), 40);
        c.Add(new ReportColumn("Decision", ReportFormat.Text) { Choices = [.. ReviewKeys.Allowed(ReviewSubject.Recommendation).Select(v => v.Label())] }, _ => null);
        c.Add("Note", ReportFormat.Text, _ => null, 40);
        c.Add(ReviewRef.Header, ReportFormat.Text, x => ReviewRef.ForRecommendation(x.Id, x.Recommendation, x.ItemsVersion), 40);
        return c;
    }

    private static ReportSheet Collections(AnalysisResult analysis, bool allOrgs)
    {
        var table = CollectionColumns(allOrgs).Table(analysis.Collections);
        return new ReportSheet("Collections",
        [
            new ReportParagraph("Every collection in scope, with every figure and flag from the analysis and its recommendation. Filter with the header arrows."),
            new ReportParagraph("To review a recommendation choose agreed, rejected or deferred under Decision, add a Note, and upload the workbook back ('burden review import' or the review page). Leave the Review ref column as it is."),
            table with { AsExcelTable = true, FreezeHeader = true, KeyColumns = allOrgs ? 2 : 1, EmptyText = "No collections in scope." },
        ]);
    }

    /// <summary>The Duplicates sheet's pair columns: header, format and value together (groups and keepers from <paramref name="analysis"/>, titles from <paramref name="byId"/>).</summary>
    internal static ReportColumns<DuplicatePairResult> DuplicatePairColumns(AnalysisResult analysis, IReadOnlyDictionary<string, CollectionAnalysis> byId)
    {
        var groupOf = new Dictionary<string, DuplicateGroupResult>(StringComparer.Ordinal);
        foreach (var g in analysis.DuplicateGroups)
        {
            foreach (var id in g.Collections)
            {
                groupOf.TryAdd(id, g);
            }
        }
        string? Title(string id) => byId.TryGetValue(id, out var c) ? c.Title : null;
        string Version(string id) => byId.TryGetValue(id, out var c) ? c.ItemsVersion : "";
        DuplicateGroupResult? GroupOf(DuplicatePairResult p) => groupOf.GetValueOrDefault(p.A) ?? groupOf.GetValueOrDefault(p.B);
        var c = new ReportColumns<DuplicatePairResult>("Duplicates");
        c.Add("Group", ReportFormat.Text, p => GroupOf(p)?.Id);
        c.Add("Collection A", ReportFormat.Text, p => p.A, 30);
        c.Add("Title A", ReportFormat.Text, p => Title(p.A), 40);
        c.Add("Collection B", ReportFormat.Text, p => p.B, 30);
        c.Add("Title B", ReportFormat.Text, p => Title(p.B), 40);
        c.Add("Containment", ReportFormat.Share, p => p.Containment);
        c.Add("Jaccard", ReportFormat.Share, p => p.Jaccard);
        c.Add("Title similarity", ReportFormat.Share, p => p.TitleSimilarity);
        c.Add("Score", ReportFormat.Number, p => p.Score);
        c.Add("Shared items", ReportFormat.Count, p => p.SharedItems.Count);
        c.Add("Shared items list", ReportFormat.Text, p => string.Join("; ", p.SharedItems), 60);
        c.Add("Reason", ReportFormat.Text, p => p.Reason, 60);
        c.Add("Suggested keeper", ReportFormat.Text, p => GroupOf(p)?.Keep, 30);
        c.Add("Keeper title", ReportFormat.Text, p => GroupOf(p) is { } g ? Title(g.Keep) : null, 40);
        c.Add("Why keep it", ReportFormat.Text, p => GroupOf(p)?.KeepReason, 50);
        c.Add("Earlier decision", ReportFormat.Text, p => EarlierDecision(p.Review), 40);
        c.Add(new ReportColumn("Decision", ReportFormat.Text) { Choices = [.. ReviewKeys.Allowed(ReviewSubject.Pair).Select(v => v.Label())] }, _ => null);
        c.Add("Note", ReportFormat.Text, _ => null, 40);
        c.Add(ReviewRef.Header, ReportFormat.Text, p => ReviewRef.ForPair(p.A, p.B, Version(p.A), Version(p.B)), 40);
        return c;
    }

    /// <summary>The matched item pairs under the Duplicates: one row per measure a pair shares.</summary>
    internal static ReportColumns<(DuplicatePairResult Pair, ItemMatch Match)> MatchedItemColumns()
    {
        var c = new ReportColumns<(DuplicatePairResult Pair, ItemMatch Match)>("MatchedItems");
        c.Add("Collection A", ReportFormat.Text, x => x.Pair.A, 30);
        c.Add("Collection B", ReportFormat.Text, x => x.Pair.B, 30);
        c.Add("Item of A", ReportFormat.Text, x => x.Match.ItemA, 50);
        c.Add("Item of B", ReportFormat.Text, x => x.Match.ItemB, 50);
        c.Add("How matched", ReportFormat.Text, x => MatchLabel(x.Match.Kind), 24);
        c.Add("Similarity", ReportFormat.Number, x => x.Match.Kind == ItemMatchKind.Similar ? Math.Round(x.Match.Similarity, 2) : null);
        return c;
    }

    /// <summary>The pairs a reviewer dismissed, with who and when.</summary>
    internal static ReportColumns<DismissedPair> DismissedPairColumns(IReadOnlyDictionary<string, CollectionAnalysis> byId)
    {
        string? Title(string id) => byId.TryGetValue(id, out var c) ? c.Title : null;
        var c = new ReportColumns<DismissedPair>("DismissedPairs");
        c.Add("Collection A", ReportFormat.Text, d => d.Pair.A, 30);
        c.Add("Title A", ReportFormat.Text, d => Title(d.Pair.A), 40);
        c.Add("Collection B", ReportFormat.Text, d => d.Pair.B, 30);
        c.Add("Title B", ReportFormat.Text, d => Title(d.Pair.B), 40);
        c.Add("Containment", ReportFormat.Share, d => d.Pair.Containment);
        c.Add("Shared items list", ReportFormat.Text, d => string.Join("; ", d.Pair.SharedItems), 60);
        c.Add("Dismissed by", ReportFormat.Text, d => d.Review.By, 24);
        c.Add("When", ReportFormat.DateTime, d => d.Review.At);
        c.Add("Note", ReportFormat.Text, d => d.Review.Note, 50);
        return c;
    }

    private static ReportSheet Duplicates(AnalysisResult analysis, IReadOnlyDictionary<string, CollectionAnalysis> byId) =>
        new("Duplicates",
        [
            new ReportParagraph("Pairs of collections asking for the same figures. Containment = shared items / items of the smaller collection."),
            DuplicatePairColumns(analysis, byId).Table(analysis.DuplicatePairs) with { AsExcelTable = true, FreezeHeader = true, EmptyText = "No duplicate collections found." },
            new ReportParagraph("To review a pair choose confirmed or not a duplicate under Decision, add a Note, and upload the workbook back. A pair marked not a duplicate is left out of later analyses while both collections keep the same items."),
            new ReportHeading("Matched item pairs (the evidence for each pair above)"),
            new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"One row per measure the two collections share. Same wording; same canonical form (abbreviations expanded, thresholds in one form, units converted: measure vocabulary {analysis.Method.VocabularyVersion}); or similar in meaning (embedding similarity at least {analysis.Method.ItemSimilarityThreshold:0.00} with {analysis.Method.EmbeddingModel ?? "no model"}, every guard agreeing: numbers, units and comparators, population, service, disease).")),
            MatchedItemColumns().Table([.. analysis.DuplicatePairs.SelectMany(p => p.MatchedItems.Select(m => (p, m)))]) with { EmptyText = "No duplicate collections found." },
            new ReportHeading("Dismissed pairs (a reviewer said they are not duplicates)"),
            DismissedPairColumns(byId).Table(analysis.DismissedPairs) with { EmptyText = "No pair has been dismissed." },
        ]);

    // The columns that name a collection on the Output-only and Automatable sheets, the same on both.
    private static ReportColumns<CollectionAnalysis> CollectionListColumns(string tableId)
    {
        var c = new ReportColumns<CollectionAnalysis>(tableId);
        c.Add("Collection", ReportFormat.Text, x => x.Id, 30);
        c.Add("Title", ReportFormat.Text, x => x.Title, 50);
        c.Add("Requester", ReportFormat.Text, x => x.Requester, 30);
        c.Add("Frequency", ReportFormat.Text, x => FrequencyLabel(x.Frequency));
        return c;
    }

    /// <summary>The Output-only sheet's columns: header, format and value together.</summary>
    internal static ReportColumns<CollectionAnalysis> OutputOnlyColumns()
    {
        var c = CollectionListColumns("OutputOnly");
        c.Add("Hours per year", ReportFormat.Hours, x => x.HoursPerYear);
        c.Add("Items", ReportFormat.Count, x => x.DataItems.Count);
        c.Add("Inputs", ReportFormat.Count, x => x.DataItems.Count(i => i.Class == ItemClass.Input));
        c.Add("Processes", ReportFormat.Count, x => x.DataItems.Count(i => i.Class == ItemClass.Process));
        c.Add("Outputs", ReportFormat.Count, x => x.DataItems.Count(i => i.Class == ItemClass.Output));
        c.Add("Data items (class)", ReportFormat.Text, x => ItemsWithClasses(x.DataItems), 80);
        c.Add("Recommendation", ReportFormat.Text, x => RecommendationLabel(x.Recommendation));
        return c;
    }

    private static ReportSheet OutputOnly(AnalysisResult analysis) =>
        new("Output-only",
        [
            new ReportParagraph("Collections none of whose items measures an outcome (mortality, readmissions, infections, PROMs, PREMs, patient experience)."),
            OutputOnlyColumns().Table([.. analysis.Collections.Where(c => c.OutputOnly)]) with
            {
                AsExcelTable = true, FreezeHeader = true, KeyColumns = 1, EmptyText = "No output-only collections: every collection measures at least one outcome.",
            },
        ]);

    /// <summary>The Automatable sheet's columns: header, format and value together.</summary>
    internal static ReportColumns<CollectionAnalysis> AutomatableColumns()
    {
        var c = CollectionListColumns("Automatable");
        c.Add("Already carried by", ReportFormat.Text, x => string.Join(", ", x.AutomatableFrom), 40);
        c.Add("Hours per year", ReportFormat.Hours, x => x.HoursPerYear);
        c.Add("Recommendation", ReportFormat.Text, x => RecommendationLabel(x.Recommendation));
        c.Add("Hours saved per year", ReportFormat.Hours, x => x.HoursSavedPerYear);
        c.Add("Cost saved per year", ReportFormat.Money, x => x.CostGbpSavedPerYear);
        return c;
    }

    private static ReportSheet Automatable(AnalysisResult analysis) =>
        new("Automatable",
        [
            new ReportParagraph("Collections whose items a national dataset already carries automatically (recommendation 25a): take them from there."),
            AutomatableColumns().Table([.. analysis.Collections.Where(c => c.AutomatableFrom.Count > 0)]) with
            {
                AsExcelTable = true, FreezeHeader = true, KeyColumns = 1, EmptyText = "No collection could come from an automated national dataset.",
            },
        ]);

    private static ReportSheet Baseline(AnalysisResult analysis, IReadOnlyDictionary<string, CollectionAnalysis> byId)
    {
        var baseline = analysis.Baseline;
        if (baseline is null)
        {
            return new ReportSheet("Baseline",
            [
                new ReportHeading("No baseline was given", IsTitle: true),
                new ReportParagraph("This report compares nothing. Freeze the collections of a period with 'burden baseline create NAME --period P', then run 'burden report --baseline NAME'."),
            ]);
        }
        var deltaNames = new (string Key, string Label, ReportFormat Format)[]
        {
            ("collections", "Collections", ReportFormat.Count),
            ("submissions_per_year", "Submissions per year", ReportFormat.Count),
            ("hours_per_year", "Hours per year", ReportFormat.Hours),
            ("cost_gbp_per_year", "Cost per year", ReportFormat.Money),
            ("share_output_only", "Share output-only", ReportFormat.Share),
            ("share_automatable", "Share automatable", ReportFormat.Share),
        };
        var known = deltaNames.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var deltaRows = deltaNames.Where(d => baseline.Deltas.ContainsKey(d.Key))
            .Select(d => (d.Label, d.Format, Delta: baseline.Deltas[d.Key]))
            .Concat(baseline.Deltas.Where(kv => !known.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (Label: kv.Key, Format: ReportFormat.Number, Delta: kv.Value)))
            .Select(d => new BaselineDeltaRow(d.Label, d.Format, d.Delta))
            .ToList();

        var changes = new List<BaselineChangeRow>();
        foreach (var c in baseline.Added)
        {
            changes.Add(new("Added", c.Id, c.Title, c.Requester, FrequencyLabel(c.Frequency), "new since the baseline", 0.0, c.HoursPerYear));
        }
        foreach (var c in baseline.Retired)
        {
            changes.Add(new("Retired", c.Id, c.Title, c.Requester, FrequencyLabel(c.Frequency), "no longer collected", c.HoursPerYear, 0.0));
        }
        foreach (var c in baseline.Changed)
        {
            var now = byId.GetValueOrDefault(c.Id);
            changes.Add(new(c.Kind == ChangeKind.ProgramChange ? "Program change" : "Adjustment", c.Id, c.Title, now?.Requester,
                now is null ? null : FrequencyLabel(now.Frequency), c.What, c.HoursPerYearBefore, c.HoursPerYearNow));
        }
        return new ReportSheet("Baseline",
        [
            new ReportHeading($"Against baseline {baseline.Name}", IsTitle: true),
            new ReportFields([Field("Baseline", baseline.Name), Field("Baseline period", baseline.Period ?? "all periods"), Field("This period", analysis.Period ?? "all periods")]),
            new ReportParagraph("A program change is a collection added, retired, or with its frequency or items changed; an adjustment is the same collection re-estimated."),
            new ReportHeading("Deltas"),
            BaselineDeltaColumns().Table(deltaRows),
            new ReportHeading("Collections added, retired and changed"),
            BaselineChangeColumns().Table(changes) with { AsExcelTable = true, EmptyText = "No collection was added, retired or changed." },
            new ReportHeading("Agreed retirements and merges: still collected?"),
            FollowUpColumns().Table(baseline.FollowUps) with { EmptyText = "No retirement or merge has been agreed for these collections." },
        ]);
    }

    /// <summary>One figure of the Baseline sheet's deltas: its label, its format and the two values.</summary>
    internal sealed record BaselineDeltaRow(string Label, ReportFormat Format, Delta Delta);

    /// <summary>The Baseline sheet's deltas: header, format and value together; each row carries its figure's format.</summary>
    internal static ReportColumns<BaselineDeltaRow> BaselineDeltaColumns()
    {
        var c = new ReportColumns<BaselineDeltaRow>("BaselineDeltas");
        c.Add("Figure", ReportFormat.Text, d => d.Label, 30);
        c.Add("Baseline", ReportFormat.Number, d => new ReportCell(d.Delta.Baseline, d.Format));
        c.Add("This period", ReportFormat.Number, d => new ReportCell(d.Delta.Current, d.Format));
        c.Add("Change", ReportFormat.Number, d => Change(d.Delta.Change, d.Format));
        // A share's change is already in points; a percentage of a percentage would only mislead.
        c.Add("Change %", ReportFormat.Share, d => d.Delta.Baseline != 0 && d.Format != ReportFormat.Share ? d.Delta.Change / d.Delta.Baseline : null);
        return c;
    }

    /// <summary>A collection added, retired or changed since the baseline, as the Baseline sheet lists it.</summary>
    internal sealed record BaselineChangeRow(string Change, string Id, string Title, string? Requester, string? Frequency, string What, double HoursBefore, double HoursNow);

    /// <summary>The Baseline sheet's changed collections: header, format and value together.</summary>
    internal static ReportColumns<BaselineChangeRow> BaselineChangeColumns()
    {
        var c = new ReportColumns<BaselineChangeRow>("BaselineChanges");
        c.Add("Change", ReportFormat.Text, x => x.Change);
        c.Add("Collection", ReportFormat.Text, x => x.Id, 30);
        c.Add("Title", ReportFormat.Text, x => x.Title, 50);
        c.Add("Requester", ReportFormat.Text, x => x.Requester, 30);
        c.Add("Frequency", ReportFormat.Text, x => x.Frequency);
        c.Add("What changed", ReportFormat.Text, x => x.What, 50);
        c.Add("Hours per year before", ReportFormat.Hours, x => x.HoursBefore);
        c.Add("Hours per year now", ReportFormat.Hours, x => x.HoursNow);
        c.Add("Difference", ReportFormat.Hours, x => x.HoursNow - x.HoursBefore);
        return c;
    }

    /// <summary>The agreed retirements and merges, and whether each collection is still collected.</summary>
    internal static ReportColumns<AgreedFollowUp> FollowUpColumns()
    {
        var c = new ReportColumns<AgreedFollowUp>("AgreedFollowUps");
        c.Add("Collection", ReportFormat.Text, f => f.Id, 30);
        c.Add("Title", ReportFormat.Text, f => f.Title, 50);
        c.Add("Agreed action", ReportFormat.Text, f => f.Action);
        c.Add("Agreed by", ReportFormat.Text, f => f.By, 24);
        c.Add("When", ReportFormat.DateTime, f => f.At);
        c.Add("Still collected", ReportFormat.Flag, f => f.StillCollected);
        return c;
    }

    /// <summary>The Requests sheet's columns (and the spilled CSV's): header, format and value together.</summary>
    internal static ReportColumns<RequestRecord> RequestColumns()
    {
        var c = new ReportColumns<RequestRecord>("Requests");
        c.Add("Organisation", ReportFormat.Text, r => r.OrgCode.Value);
        c.Add("Received", ReportFormat.Date, r => r.ReceivedDate);
        c.Add("Requester", ReportFormat.Text, r => r.Requester, 30);
        c.Add("Title", ReportFormat.Text, r => r.Title, 50);
        c.Add("Frequency", ReportFormat.Text, r => FrequencyLabel(r.Frequency));
        c.Add("Collection ref", ReportFormat.Text, r => r.CollectionRef);
        c.Add("Items", ReportFormat.Count, r => r.DataItems.Count);
        c.Add("Data items", ReportFormat.Text, r => string.Join("; ", r.DataItems), 60);
        c.Add("Hours spent", ReportFormat.Hours, r => r.HoursSpent is { } h ? (double)h : null);
        c.Add("Staff band", ReportFormat.Text, r => r.StaffBand);
        c.Add("Channel", ReportFormat.Text, r => r.Channel);
        c.Add("Due", ReportFormat.Date, r => r.DueDate);
        c.Add("Purpose", ReportFormat.Text, r => r.Purpose, 40);
        c.Add("Approval ref", ReportFormat.Text, r => r.ApprovalRef);
        c.Add("Source file", ReportFormat.Text, r => r.SourceFile, 30);
        c.Add("Line", ReportFormat.Count, r => r.SourceLine);
        return c;
    }

    private static ReportTable RequestsTable(IReadOnlyList<RequestRecord> requests) =>
        RequestColumns().Table(requests) with
        {
            AsExcelTable = true,
            RepeatHeaderWhenPrinted = true,
            EmptyText = "No requests in the period.",
        };

    private static ReportSheet Requests(ReportInput input, ReportOptions options, ReportTable requests, bool spill)
    {
        var analysis = input.Analysis;
        var blocks = new List<ReportBlock>
        {
            new ReportParagraph($"{Count(input.Requests.Count)} requests received{(analysis.Period is null ? "" : $" in {analysis.Period}")}, for audit. Rejected rows are counted per file; 'burden rejects' lists them."),
            new ReportHeading("Files"),
            FileColumns(input.Requests).Table(RelevantFiles(input)) with { EmptyText = "No files stored." },
            new ReportHeading("Requests"),
        };
        blocks.Add(spill
            ? new ReportParagraph($"There are {Count(input.Requests.Count)} requests, more than the {Count(options.RequestRowCap)} this sheet holds: all of them are in {input.SpillFileName}, beside this workbook.")
            : requests);
        return new ReportSheet("Requests", blocks);
    }

    /// <summary>The Requests sheet's files: header, format and value together, with how many of <paramref name="requests"/> each file holds.</summary>
    internal static ReportColumns<StoredFile> FileColumns(IReadOnlyList<RequestRecord> requests)
    {
        var perFile = requests.Where(r => r.SourceFile is not null).GroupBy(r => r.SourceFile!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var c = new ReportColumns<StoredFile>("Files");
        c.Add("File", ReportFormat.Text, f => f.Name, 40);
        c.Add("Kind", ReportFormat.Text, f => KindLabel(f.Kind));
        c.Add("Organisation", ReportFormat.Text, f => f.OrgCode?.Value);
        c.Add("Ingested", ReportFormat.DateTime, f => f.IngestedAt);
        c.Add("Rows read", ReportFormat.Count, f => f.RowsRead);
        c.Add("Accepted", ReportFormat.Count, f => f.Accepted);
        c.Add("Rejected rows", ReportFormat.Count, f => f.Rejected);
        c.Add("Requests in this report", ReportFormat.Count, f => perFile.GetValueOrDefault(f.Name));
        return c;
    }

    /// <summary>The Method sheet's rates by Agenda for Change band (the rows are band → hourly rate before on-costs).</summary>
    internal static ReportColumns<KeyValuePair<string, decimal>> BandRateColumns(AnalysisMethod method)
    {
        var c = new ReportColumns<KeyValuePair<string, decimal>>("BandRates");
        c.Add("Agenda for Change band", ReportFormat.Text, b => b.Key + (b.Key == method.DefaultBand ? " (default)" : ""), 24);
        c.Add("Hourly rate before on-costs", ReportFormat.MoneyPence, b => (double)b.Value);
        c.Add("Hourly rate with on-costs", ReportFormat.MoneyPence, b => (double)(b.Value * method.OnCostFactor));
        return c;
    }

    /// <summary>The Method sheet's reviewers' agreement with each recommendation.</summary>
    internal static ReportColumns<KeyValuePair<string, ActionAgreement>> ReviewAgreementColumns()
    {
        var c = new ReportColumns<KeyValuePair<string, ActionAgreement>>("ReviewAgreement");
        c.Add("Recommendation", ReportFormat.Text, kv => kv.Key.Replace('_', ' '), 24);
        c.Add("Agreed", ReportFormat.Count, kv => kv.Value.Agreed);
        c.Add("Rejected", ReportFormat.Count, kv => kv.Value.Rejected);
        c.Add("Deferred", ReportFormat.Count, kv => kv.Value.Deferred);
        c.Add("Share agreed", ReportFormat.Share, kv => kv.Value.ShareAgreed);
        return c;
    }

    /// <summary>The Method sheet's frequencies: submissions a year and default hours per submission.</summary>
    internal static ReportColumns<Frequency> MethodFrequencyColumns(AnalysisMethod method)
    {
        var c = new ReportColumns<Frequency>("MethodFrequencies");
        c.Add("Frequency", ReportFormat.Text, FrequencyLabel);
        c.Add("Submissions per year", ReportFormat.Number, f => method.SubmissionsPerYear.TryGetValue(f, out var s) ? s : f == Frequency.AdHoc ? "observed rate, annualised" : null);
        c.Add("Default hours per submission", ReportFormat.Hours, f => method.DefaultHours.TryGetValue(f, out var h) ? h : null);
        return c;
    }

    /// <summary>The Method sheet's data sources, with each file's SHA-256.</summary>
    internal static ReportColumns<StoredFile> SourceColumns()
    {
        var c = new ReportColumns<StoredFile>("Sources");
        c.Add("File", ReportFormat.Text, f => f.Name, 40);
        c.Add("Kind", ReportFormat.Text, f => KindLabel(f.Kind));
        c.Add("Organisation", ReportFormat.Text, f => f.OrgCode?.Value);
        c.Add("Ingested", ReportFormat.DateTime, f => f.IngestedAt);
        c.Add("SHA-256", ReportFormat.Text, f => f.Sha256, 66);
        return c;
    }

    private static ReportSheet Method(ReportInput input, ReportOptions options)
    {
        var analysis = input.Analysis;
        var m = analysis.Method;
        var version = options.SoftwareVersion
            ?? typeof(ReportModelBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "unknown";
        var blocks = new List<ReportBlock>
        {
            new ReportHeading("How the figures were made", IsTitle: true),
            new ReportFields(
            [
                Field("Generated", new ReportCell(analysis.GeneratedAt, ReportFormat.DateTime)),
                Field("Software", $"HewittBurden {version}"),
                Field("Analysis schema", AnalysisResult.SchemaName),
                Field("Period", analysis.Period ?? "All periods stored"),
                Field("Organisation(s)", OrganisationsLabel(analysis, input.AllOrgs)),
            ]),
            new ReportHeading("Formulas"),
        };
        blocks.AddRange(m.Formulas.Select(f => new ReportParagraph(f)));
        blocks.Add(new ReportParagraph("Cost in the period (Summary) = each collection's hours in the period × its loaded hourly rate (its cost per year / its hours per year)."));
        blocks.Add(new ReportHeading("Rates and factors"));
        blocks.Add(BandRateColumns(m).Table([.. m.BandRates.OrderBy(b => b.Value)]));
        blocks.Add(new ReportFields(
        [
            Field("Default band", m.DefaultBand),
            Field("On-cost factor", new ReportCell((double)m.OnCostFactor, ReportFormat.Number)),
            Field("Duplicate containment threshold", new ReportCell(m.DuplicateContainmentThreshold, ReportFormat.Share)),
            Field("Unused after (days without use)", new ReportCell(m.UnusedGraceDays, ReportFormat.Count)),
            Field("Taxonomy version", m.TaxonomyVersion),
            Field("Fewest shared items for a duplicate", new ReportCell(m.DuplicateMinSharedItems, ReportFormat.Count)),
            Field("Measure vocabulary version", m.VocabularyVersion),
            Field("Item similarity threshold", new ReportCell(m.ItemSimilarityThreshold, ReportFormat.Number)),
            Field("Embedding model", m.EmbeddingModel is { } model ? $"{model} {m.EmbeddingModelVersion} (bundled, run offline)" : "none: items matched on canonical keys only"),
            Field("Item texts encoded this run", new ReportCell(m.EmbeddingsEncoded, ReportFormat.Count)),
            Field("Item texts from the embedding cache", new ReportCell(m.EmbeddingsCached, ReportFormat.Count)),
            Field("Item classifier", m.ItemClassifier),
            Field("Automated datasets list version", m.DatasetsVersion),
        ]));
        blocks.Add(new ReportHeading("What reviewers' decisions say"));
        var stats = analysis.ReviewStats;
        blocks.Add(new ReportParagraph(stats.Precision is { } precision
            ? string.Create(CultureInfo.InvariantCulture, $"Duplicate detector precision at containment {m.DuplicateContainmentThreshold:0.##}: {precision:0%} ({stats.PairsConfirmed} of {stats.PairsConfirmed + stats.PairsDismissed} pairs decided were confirmed). Below about 80% consider raising duplicate_containment_threshold in the settings.")
            : "No duplicate pair has been decided yet, so the detector's precision is not known."));
        blocks.Add(ReviewAgreementColumns().Table([.. stats.ByAction]) with { EmptyText = "No recommendation has been decided yet." });
        blocks.Add(new ReportHeading("Frequencies"));
        blocks.Add(MethodFrequencyColumns(m).Table([.. Frequencies.All]));
        blocks.Add(new ReportHeading("Data sources"));
        blocks.Add(SourceColumns().Table(RelevantFiles(input)) with { EmptyText = "No files stored." });
        return new ReportSheet("Method", blocks);
    }

    /// <summary>The stored files an organisation's report may name: its own request logs and the catalogues its collections draw on; every file for all organisations.</summary>
    /// <remarks>
    /// One organisation's uploads are not disclosed in another's report. A request log is listed when it was uploaded for
    /// the organisation, or when it holds requests in this report (a file stored without an organisation). A catalogue is
    /// listed when one of its entries, as the analysis reads the catalogue (the latest entry per reference), has the
    /// reference of a collection in the report: that is where the report's purposes, last-used dates, approvals and
    /// automated sources came from.
    /// </remarks>
    public static IReadOnlyList<StoredFile> RelevantFiles(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Analysis.Org is not { } org)
        {
            return input.Files;
        }
        var holdingRequests = input.Requests.Select(r => r.SourceFile).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var collections = input.Analysis.Collections.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var cataloguesDrawnOn = input.Catalogue
            .Where(e => e.SourceFile is not null && collections.Contains(e.CollectionRef.Trim().ToUpperInvariant()))
            .Select(e => e.SourceFile!).ToHashSet(StringComparer.Ordinal);
        return input.Files.Where(f => f.Kind == LogKind.Catalogue
                ? cataloguesDrawnOn.Contains(f.Name)
                : f.OrgCode == org || (f.OrgCode is null && holdingRequests.Contains(f.Name)))
            .ToList();
    }

    private static string OrganisationsLabel(AnalysisResult analysis, bool allOrgs)
    {
        if (analysis.Org is not null)
        {
            return analysis.Org.Value;
        }
        var orgs = analysis.ByOrganisation.Select(o => o.Name).OrderBy(o => o, StringComparer.Ordinal).ToList();
        if (orgs.Count == 0)
        {
            return "All organisations";
        }
        var shown = string.Join(", ", orgs.Take(20)) + (orgs.Count > 20 ? ", …" : "");
        return $"All organisations ({orgs.Count}{(allOrgs ? ", compared below" : "")}): {shown}";
    }

    /// <summary>The split of the savings: agreed, resting on evidence, only suggested.</summary>
    public static string SavingsSentence(AnalysisTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        static string H(double h) => h.ToString("#,##0", CultureInfo.InvariantCulture);
        return $"Of these, {H(totals.HoursSavedAgreedPerYear)} hours a year are agreed by a reviewer, {H(totals.HoursSavedOnEvidencePerYear)} rest on evidence " +
            $"(high confidence: a stale last use, every item already asked for, a named automated source) and {H(totals.HoursSavedSuggestedPerYear)} are only suggested.";
    }

    private static string? EarlierDecision(ReviewMark? review) => review is null ? null :
        $"{review.Decision.Label()} by {review.By} on {review.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{(review.Note is { Length: > 0 } n ? $": {n}" : "")}{(review.Stale ? " (stale: the items changed since; look again)" : "")}";

    /// <summary>Each item with its class and how it was decided: <c>Deaths (outcome, rule)</c>, <c>Sepsis rate (outcome, model 0.91)</c>.</summary>
    private static string ItemsWithClasses(IReadOnlyList<ClassifiedItem> items) =>
        string.Join("; ", items.Select(i => i.Confidence is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"{i.Name} ({i.Class.Token()}, {i.DecidedBy} {p:0.00})")
            : $"{i.Name} ({i.Class.Token()}, {i.DecidedBy})"));

    private static string MatchLabel(ItemMatchKind kind) => kind switch
    {
        ItemMatchKind.Same => "same wording",
        ItemMatchKind.Canonical => "same canonical form",
        _ => "similar in meaning",
    };

    /// <summary>A change of a figure in its own format, except a change in a share, which is in percentage points (35 % against 25 % is +10.0 pp, not +40 %).</summary>
    private static ReportCell Change(double change, ReportFormat format) =>
        format == ReportFormat.Share ? new ReportCell(change * 100, ReportFormat.PercentagePoints) : new ReportCell(change, format);

    /// <summary>A kind of stored file as people say it.</summary>
    public static string KindLabel(LogKind kind) => kind switch
    {
        LogKind.RequestLog => "request log",
        LogKind.Catalogue => "catalogue",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string SourceLabel(string source) => source == "log" ? KindLabel(LogKind.RequestLog) : source;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string Count(int n) => n.ToString("#,##0", CultureInfo.InvariantCulture);

    private static KeyValuePair<string, object?> Field(string label, object? value) => new(label, value);
}
