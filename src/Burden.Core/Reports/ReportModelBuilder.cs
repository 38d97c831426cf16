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
        var byId = new Dictionary<string, CollectionAnalysis>(StringComparer.Ordinal);
        foreach (var c in analysis.Collections)
        {
            byId.TryAdd(c.Id, c);
        }
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
        blocks.Add(new ReportTable("TopSavings",
            [
                new("Collection", ReportFormat.Text, 36), new("Requester", ReportFormat.Text, 24), new("Frequency", ReportFormat.Text),
                new("Recommendation", ReportFormat.Text), new("Hours saved per year", ReportFormat.Hours), new("Cost saved per year", ReportFormat.Money),
                new("Why", ReportFormat.Text, 40),
            ],
            savings.Select(c => Row(c.Title, c.Requester, FrequencyLabel(c.Frequency), RecommendationLabel(c.Recommendation), c.HoursSavedPerYear, c.CostGbpSavedPerYear, c.RecommendationReason)).ToList())
        {
            EmptyText = "No savings: every collection is recommended to keep.",
        });
        return new ReportSheet("Summary", blocks) { Charts = charts };
    }

    private static ReportTable Headline(AnalysisResult analysis)
    {
        var t = analysis.Totals;
        var deltas = analysis.Baseline?.Deltas;
        var costInPeriod = analysis.Collections.Sum(c => c.HoursPerYear > 0 ? c.Hours * c.CostGbpPerYear / c.HoursPerYear : 0);
        IReadOnlyList<object?> Figure(string name, double current, ReportFormat format, string? deltaKey)
        {
            if (deltaKey is not null && deltas is not null && deltas.TryGetValue(deltaKey, out var d))
            {
                return Row(name, new ReportCell(current, format), new ReportCell(d.Baseline, format), Change(current - d.Baseline, format));
            }
            return Row(name, new ReportCell(current, format), null, null);
        }
        return new ReportTable("Headline",
            [new("Figure", ReportFormat.Text, 46), new("This period", ReportFormat.Number), new("Baseline", ReportFormat.Number), new("Change", ReportFormat.Number)],
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
            ]);
    }

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

    private static ReportSheet Duplicates(AnalysisResult analysis, IReadOnlyDictionary<string, CollectionAnalysis> byId)
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
        var rows = analysis.DuplicatePairs.Select(p =>
        {
            var g = groupOf.GetValueOrDefault(p.A) ?? groupOf.GetValueOrDefault(p.B);
            return Row(g?.Id, p.A, Title(p.A), p.B, Title(p.B), p.Containment, p.Jaccard, p.TitleSimilarity, p.Score,
                p.SharedItems.Count, string.Join("; ", p.SharedItems), p.Reason, g?.Keep, g is null ? null : Title(g.Keep), g?.KeepReason,
                EarlierDecision(p.Review), null, null, ReviewRef.ForPair(p.A, p.B, Version(p.A), Version(p.B)));
        }).ToList();
        var matched = analysis.DuplicatePairs.SelectMany(p => p.MatchedItems.Select(m => Row(p.A, p.B, m.ItemA, m.ItemB, MatchLabel(m.Kind),
            m.Kind == ItemMatchKind.Similar ? new ReportCell(Math.Round(m.Similarity, 2), ReportFormat.Number) : null))).ToList();
        var dismissed = analysis.DismissedPairs.Select(d => Row(d.Pair.A, Title(d.Pair.A), d.Pair.B, Title(d.Pair.B), d.Pair.Containment,
            string.Join("; ", d.Pair.SharedItems), d.Review.By, new ReportCell(d.Review.At, ReportFormat.DateTime), d.Review.Note)).ToList();
        return new ReportSheet("Duplicates",
        [
            new ReportParagraph("Pairs of collections asking for the same figures. Containment = shared items / items of the smaller collection."),
            new ReportTable("Duplicates",
                [
                    new("Group", ReportFormat.Text), new("Collection A", ReportFormat.Text, 30), new("Title A", ReportFormat.Text, 40),
                    new("Collection B", ReportFormat.Text, 30), new("Title B", ReportFormat.Text, 40), new("Containment", ReportFormat.Share),
                    new("Jaccard", ReportFormat.Share), new("Title similarity", ReportFormat.Share), new("Score", ReportFormat.Number),
                    new("Shared items", ReportFormat.Count), new("Shared items list", ReportFormat.Text, 60), new("Reason", ReportFormat.Text, 60),
                    new("Suggested keeper", ReportFormat.Text, 30), new("Keeper title", ReportFormat.Text, 40), new("Why keep it", ReportFormat.Text, 50),
                    new("Earlier decision", ReportFormat.Text, 40),
                    new("Decision", ReportFormat.Text) { Choices = [.. ReviewKeys.Allowed(ReviewSubject.Pair).Select(v => v.Label())] },
                    new("Note", ReportFormat.Text, 40), new(ReviewRef.Header, ReportFormat.Text, 40),
                ],
                rows)
            { AsExcelTable = true, FreezeHeader = true, EmptyText = "No duplicate collections found." },
            new ReportParagraph("To review a pair choose confirmed or not a duplicate under Decision, add a Note, and upload the workbook back. A pair marked not a duplicate is left out of later analyses while both collections keep the same items."),
            new ReportHeading("Matched item pairs (the evidence for each pair above)"),
            new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
                $"One row per measure the two collections share. Same wording; same canonical form (abbreviations expanded, thresholds in one form, units converted: measure vocabulary {analysis.Method.VocabularyVersion}); or similar in meaning (embedding similarity at least {analysis.Method.ItemSimilarityThreshold:0.00} with {analysis.Method.EmbeddingModel ?? "no model"}, every guard agreeing: numbers, units and comparators, population, service, disease).")),
            new ReportTable("MatchedItems",
                [
                    new("Collection A", ReportFormat.Text, 30), new("Collection B", ReportFormat.Text, 30), new("Item of A", ReportFormat.Text, 50),
                    new("Item of B", ReportFormat.Text, 50), new("How matched", ReportFormat.Text, 24), new("Similarity", ReportFormat.Number),
                ],
                matched)
            { EmptyText = "No duplicate collections found." },
            new ReportHeading("Dismissed pairs (a reviewer said they are not duplicates)"),
            new ReportTable("DismissedPairs",
                [
                    new("Collection A", ReportFormat.Text, 30), new("Title A", ReportFormat.Text, 40), new("Collection B", ReportFormat.Text, 30),
                    new("Title B", ReportFormat.Text, 40), new("Containment", ReportFormat.Share), new("Shared items list", ReportFormat.Text, 60),
                    new("Dismissed by", ReportFormat.Text, 24), new("When", ReportFormat.DateTime), new("Note", ReportFormat.Text, 50),
                ],
                dismissed)
            { EmptyText = "No pair has been dismissed." },
        ]);
    }

    private static ReportSheet OutputOnly(AnalysisResult analysis)
    {
        var rows = analysis.Collections.Where(c => c.OutputOnly).Select(c => Row(
            c.Id, c.Title, c.Requester, FrequencyLabel(c.Frequency), c.HoursPerYear, c.DataItems.Count,
            c.DataItems.Count(i => i.Class == ItemClass.Input), c.DataItems.Count(i => i.Class == ItemClass.Process),
            c.DataItems.Count(i => i.Class == ItemClass.Output), ItemsWithClasses(c.DataItems), RecommendationLabel(c.Recommendation))).ToList();
        return new ReportSheet("Output-only",
        [
            new ReportParagraph("Collections none of whose items measures an outcome (mortality, readmissions, infections, PROMs, PREMs, patient experience)."),
            new ReportTable("OutputOnly",
                [
                    new("Collection", ReportFormat.Text, 30), new("Title", ReportFormat.Text, 50), new("Requester", ReportFormat.Text, 30),
                    new("Frequency", ReportFormat.Text), new("Hours per year", ReportFormat.Hours), new("Items", ReportFormat.Count),
                    new("Inputs", ReportFormat.Count), new("Processes", ReportFormat.Count), new("Outputs", ReportFormat.Count),
                    new("Data items (class)", ReportFormat.Text, 80), new("Recommendation", ReportFormat.Text),
                ],
                rows)
            { AsExcelTable = true, FreezeHeader = true, KeyColumns = 1, EmptyText = "No output-only collections: every collection measures at least one outcome." },
        ]);
    }

    private static ReportSheet Automatable(AnalysisResult analysis)
    {
        var rows = analysis.Collections.Where(c => c.AutomatableFrom.Count > 0).Select(c => Row(
            c.Id, c.Title, c.Requester, FrequencyLabel(c.Frequency), string.Join(", ", c.AutomatableFrom), c.HoursPerYear,
            RecommendationLabel(c.Recommendation), c.HoursSavedPerYear, c.CostGbpSavedPerYear)).ToList();
        return new ReportSheet("Automatable",
        [
            new ReportParagraph("Collections whose items a national dataset already carries automatically (recommendation 25a): take them from there."),
            new ReportTable("Automatable",
                [
                    new("Collection", ReportFormat.Text, 30), new("Title", ReportFormat.Text, 50), new("Requester", ReportFormat.Text, 30),
                    new("Frequency", ReportFormat.Text), new("Already carried by", ReportFormat.Text, 40), new("Hours per year", ReportFormat.Hours),
                    new("Recommendation", ReportFormat.Text), new("Hours saved per year", ReportFormat.Hours), new("Cost saved per year", ReportFormat.Money),
                ],
                rows)
            { AsExcelTable = true, FreezeHeader = true, KeyColumns = 1, EmptyText = "No collection could come from an automated national dataset." },
        ]);
    }

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
            .Select(d => Row(d.Label, new ReportCell(d.Delta.Baseline, d.Format), new ReportCell(d.Delta.Current, d.Format), Change(d.Delta.Change, d.Format),
                // A share's change is already in points; a percentage of a percentage would only mislead.
                d.Delta.Baseline != 0 && d.Format != ReportFormat.Share ? new ReportCell(d.Delta.Change / d.Delta.Baseline, ReportFormat.Share) : null))
            .ToList();

        var changes = new List<IReadOnlyList<object?>>();
        foreach (var c in baseline.Added)
        {
            changes.Add(Row("Added", c.Id, c.Title, c.Requester, FrequencyLabel(c.Frequency), "new since the baseline", 0.0, c.HoursPerYear, c.HoursPerYear));
        }
        foreach (var c in baseline.Retired)
        {
            changes.Add(Row("Retired", c.Id, c.Title, c.Requester, FrequencyLabel(c.Frequency), "no longer collected", c.HoursPerYear, 0.0, -c.HoursPerYear));
        }
        foreach (var c in baseline.Changed)
        {
            var now = byId.GetValueOrDefault(c.Id);
            changes.Add(Row(c.Kind == ChangeKind.ProgramChange ? "Program change" : "Adjustment", c.Id, c.Title, now?.Requester,
                now is null ? null : FrequencyLabel(now.Frequency), c.What, c.HoursPerYearBefore, c.HoursPerYearNow, c.HoursPerYearNow - c.HoursPerYearBefore));
        }
        return new ReportSheet("Baseline",
        [
            new ReportHeading($"Against baseline {baseline.Name}", IsTitle: true),
            new ReportFields([Field("Baseline", baseline.Name), Field("Baseline period", baseline.Period ?? "all periods"), Field("This period", analysis.Period ?? "all periods")]),
            new ReportParagraph("A program change is a collection added, retired, or with its frequency or items changed; an adjustment is the same collection re-estimated."),
            new ReportHeading("Deltas"),
            new ReportTable("BaselineDeltas",
                [new("Figure", ReportFormat.Text, 30), new("Baseline", ReportFormat.Number), new("This period", ReportFormat.Number), new("Change", ReportFormat.Number), new("Change %", ReportFormat.Share)],
                deltaRows),
            new ReportHeading("Collections added, retired and changed"),
            new ReportTable("BaselineChanges",
                [
                    new("Change", ReportFormat.Text), new("Collection", ReportFormat.Text, 30), new("Title", ReportFormat.Text, 50),
                    new("Requester", ReportFormat.Text, 30), new("Frequency", ReportFormat.Text), new("What changed", ReportFormat.Text, 50),
                    new("Hours per year before", ReportFormat.Hours), new("Hours per year now", ReportFormat.Hours), new("Difference", ReportFormat.Hours),
                ],
                changes)
            { AsExcelTable = true, EmptyText = "No collection was added, retired or changed." },
            new ReportHeading("Agreed retirements and merges: still collected?"),
            new ReportTable("AgreedFollowUps",
                [
                    new("Collection", ReportFormat.Text, 30), new("Title", ReportFormat.Text, 50), new("Agreed action", ReportFormat.Text),
                    new("Agreed by", ReportFormat.Text, 24), new("When", ReportFormat.DateTime), new("Still collected", ReportFormat.Flag),
                ],
                baseline.FollowUps.Select(f => Row(f.Id, f.Title, f.Action, f.By, new ReportCell(f.At, ReportFormat.DateTime), f.StillCollected)).ToList())
            { EmptyText = "No retirement or merge has been agreed for these collections." },
        ]);
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
        var perFile = input.Requests.Where(r => r.SourceFile is not null).GroupBy(r => r.SourceFile!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var files = RelevantFiles(input).Select(f => Row(f.Name, KindLabel(f.Kind), f.OrgCode?.Value, new ReportCell(f.IngestedAt, ReportFormat.DateTime),
            f.RowsRead, f.Accepted, f.Rejected, perFile.GetValueOrDefault(f.Name))).ToList();
        var blocks = new List<ReportBlock>
        {
            new ReportParagraph($"{Count(input.Requests.Count)} requests received{(analysis.Period is null ? "" : $" in {analysis.Period}")}, for audit. Rejected rows are counted per file; 'burden rejects' lists them."),
            new ReportHeading("Files"),
            new ReportTable("Files",
                [
                    new("File", ReportFormat.Text, 40), new("Kind", ReportFormat.Text), new("Organisation", ReportFormat.Text),
                    new("Ingested", ReportFormat.DateTime), new("Rows read", ReportFormat.Count), new("Accepted", ReportFormat.Count),
                    new("Rejected rows", ReportFormat.Count), new("Requests in this report", ReportFormat.Count),
                ],
                files)
            { EmptyText = "No files stored." },
            new ReportHeading("Requests"),
        };
        blocks.Add(spill
            ? new ReportParagraph($"There are {Count(input.Requests.Count)} requests, more than the {Count(options.RequestRowCap)} this sheet holds: all of them are in {input.SpillFileName}, beside this workbook.")
            : requests);
        return new ReportSheet("Requests", blocks);
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
        blocks.Add(new ReportTable("BandRates",
            [new("Agenda for Change band", ReportFormat.Text, 24), new("Hourly rate before on-costs", ReportFormat.MoneyPence), new("Hourly rate with on-costs", ReportFormat.MoneyPence)],
            m.BandRates.OrderBy(b => b.Value).Select(b => Row(b.Key + (b.Key == m.DefaultBand ? " (default)" : ""), (double)b.Value, (double)(b.Value * m.OnCostFactor))).ToList()));
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
        blocks.Add(new ReportTable("ReviewAgreement",
            [new("Recommendation", ReportFormat.Text, 24), new("Agreed", ReportFormat.Count), new("Rejected", ReportFormat.Count), new("Deferred", ReportFormat.Count), new("Share agreed", ReportFormat.Share)],
            stats.ByAction.Select(kv => Row(kv.Key.Replace('_', ' '), kv.Value.Agreed, kv.Value.Rejected, kv.Value.Deferred, kv.Value.ShareAgreed)).ToList())
        { EmptyText = "No recommendation has been decided yet." });
        blocks.Add(new ReportHeading("Frequencies"));
        blocks.Add(new ReportTable("MethodFrequencies",
            [new("Frequency", ReportFormat.Text), new("Submissions per year", ReportFormat.Number), new("Default hours per submission", ReportFormat.Hours)],
            Frequencies.All.Select(f => Row(FrequencyLabel(f),
                m.SubmissionsPerYear.TryGetValue(f, out var s) ? s : f == Frequency.AdHoc ? "observed rate, annualised" : null,
                m.DefaultHours.TryGetValue(f, out var h) ? h : null)).ToList()));
        blocks.Add(new ReportHeading("Data sources"));
        blocks.Add(new ReportTable("Sources",
            [new("File", ReportFormat.Text, 40), new("Kind", ReportFormat.Text), new("Organisation", ReportFormat.Text), new("Ingested", ReportFormat.DateTime), new("SHA-256", ReportFormat.Text, 66)],
            RelevantFiles(input).Select(f => Row(f.Name, KindLabel(f.Kind), f.OrgCode?.Value, f.IngestedAt, f.Sha256)).ToList())
        { EmptyText = "No files stored." });
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

    private static IReadOnlyList<object?> Row(params object?[] cells) => cells;
}
