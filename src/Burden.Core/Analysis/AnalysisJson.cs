using System.Text.Json;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Classification;
using Burden.Core.Duplicates;
using Burden.Core.Rationalise;
using Burden.Core.Review;

namespace Burden.Core.Analysis;

/// <summary>Writes an <see cref="AnalysisResult"/> as the <c>hewitt-burden/analysis/1</c> JSON document (see <c>docs/analysis-json.md</c>).</summary>
/// <remarks>Keys are snake_case; frequencies, classes and recommendations are written as their tokens; money and hours are rounded to 2 places.</remarks>
public static class AnalysisJson
{
    /// <summary>Writes the document to <paramref name="stream"/> (left open).</summary>
    public static void Write(AnalysisResult result, Stream stream, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        w.WriteStartObject();
        w.WriteString("schema", AnalysisResult.SchemaName);
        Str(w, "period", result.Period);
        Str(w, "org", result.Org?.Value);
        w.WriteString("generated_at", result.GeneratedAt);
        WriteTotals(w, result.Totals);

        w.WriteStartArray("collections");
        foreach (var c in result.Collections)
        {
            WriteCollection(w, c);
        }
        w.WriteEndArray();

        w.WriteStartArray("duplicate_pairs");
        foreach (var p in result.DuplicatePairs)
        {
            WritePair(w, p);
        }
        w.WriteEndArray();

        w.WriteStartArray("dismissed_pairs");
        foreach (var d in result.DismissedPairs)
        {
            WritePair(w, d.Pair with { Review = d.Review });
        }
        w.WriteEndArray();

        w.WriteStartArray("duplicate_groups");
        foreach (var g in result.DuplicateGroups)
        {
            w.WriteStartObject();
            w.WriteString("id", g.Id);
            Strings(w, "collections", g.Collections);
            w.WriteString("keep", g.Keep);
            w.WriteString("keep_reason", g.KeepReason);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("blocked_pairs");
        foreach (var b in result.BlockedPairs)
        {
            w.WriteStartObject();
            w.WriteString("a", b.A);
            w.WriteString("b", b.B);
            w.WriteString("reason", b.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        WriteCoverage(w, result.Coverage, result.Period);
        WriteReviewStats(w, result.ReviewStats);

        WriteGroupTotals(w, "by_requester", result.ByRequester);
        WriteGroupTotals(w, "by_organisation", result.ByOrganisation);

        if (result.Baseline is { } b2)
        {
            w.WriteStartObject("baseline");
            w.WriteString("name", b2.Name);
            Str(w, "period", b2.Period);
            WriteBaselineCollections(w, "added", b2.Added);
            WriteBaselineCollections(w, "retired", b2.Retired);
            w.WriteStartArray("changed");
            foreach (var c in b2.Changed)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("title", c.Title);
                w.WriteString("kind", c.Kind == ChangeKind.ProgramChange ? "program_change" : "adjustment");
                w.WriteString("what", c.What);
                Num(w, "hours_per_year_before", c.HoursPerYearBefore);
                Num(w, "hours_per_year_now", c.HoursPerYearNow);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("agreed_follow_ups");
            foreach (var f in b2.FollowUps)
            {
                w.WriteStartObject();
                w.WriteString("id", f.Id);
                w.WriteString("title", f.Title);
                w.WriteString("action", f.Action);
                w.WriteString("by", f.By);
                w.WriteString("at", f.At);
                w.WriteBoolean("still_collected", f.StillCollected);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("deltas");
            foreach (var (key, d) in b2.Deltas)
            {
                w.WriteStartObject(key);
                Num(w, "baseline", d.Baseline, 4);
                Num(w, "current", d.Current, 4);
                Num(w, "change", d.Change, 4);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("baseline");
        }

        WriteMethod(w, result.Method);
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteTotals(Utf8JsonWriter w, AnalysisTotals t)
    {
        w.WriteStartObject("totals");
        w.WriteNumber("requests", t.Requests);
        w.WriteNumber("collections", t.Collections);
        Num(w, "hours", t.Hours);
        Num(w, "hours_per_year", t.HoursPerYear);
        Num(w, "cost_gbp_per_year", t.CostGbpPerYear);
        Num(w, "submissions_per_year", t.SubmissionsPerYear);
        Num(w, "share_output_only", t.ShareOutputOnly, 4);
        Num(w, "share_automatable", t.ShareAutomatable, 4);
        Num(w, "hours_saved_per_year", t.HoursSavedPerYear);
        Num(w, "cost_gbp_saved_per_year", t.CostGbpSavedPerYear);
        w.WriteStartObject("savings");
        foreach (var (name, hours, cost) in new[]
        {
            ("agreed", t.HoursSavedAgreedPerYear, t.CostGbpSavedAgreedPerYear),
            ("on_evidence", t.HoursSavedOnEvidencePerYear, t.CostGbpSavedOnEvidencePerYear),
            ("suggested", t.HoursSavedSuggestedPerYear, t.CostGbpSavedSuggestedPerYear),
        })
        {
            w.WriteStartObject(name);
            Num(w, "hours_per_year", hours);
            Num(w, "cost_gbp_per_year", cost);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("by_frequency");
        foreach (var f in Frequencies.All)
        {
            var ft = t.ByFrequency.TryGetValue(f, out var x) ? x : new FrequencyTotals(0, 0, 0, 0);
            w.WriteStartObject(f.Token());
            w.WriteNumber("collections", ft.Collections);
            w.WriteNumber("requests", ft.Requests);
            Num(w, "hours", ft.Hours);
            Num(w, "hours_per_year", ft.HoursPerYear);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCollection(Utf8JsonWriter w, CollectionAnalysis c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("title", c.Title);
        w.WriteString("requester", c.Requester);
        Str(w, "collection_ref", c.CollectionRef);
        w.WriteString("frequency", c.Frequency.Token());
        w.WriteString("source", c.Source);
        Strings(w, "organisations", c.Organisations);
        w.WriteNumber("respondents", c.Respondents);
        w.WriteNumber("requests", c.Requests);
        Str(w, "first_received", c.FirstReceived?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Str(w, "last_received", c.LastReceived?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Num(w, "hours", c.Hours);
        w.WriteBoolean("hours_estimated", c.HoursEstimated);
        Num(w, "submissions_per_year", c.SubmissionsPerYear);
        Num(w, "hours_per_year", c.HoursPerYear);
        Num(w, "cost_gbp_per_year", c.CostGbpPerYear);
        w.WriteStartArray("data_items");
        foreach (var i in c.DataItems)
        {
            w.WriteStartObject();
            w.WriteString("name", i.Name);
            w.WriteString("class", i.Class.Token());
            w.WriteString("class_source", i.ClassSource);
            w.WriteString("class_decided_by", i.DecidedBy);
            if (i.Confidence is { } confidence)
            {
                Num(w, "class_confidence", confidence, 3);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("output_only", c.OutputOnly);
        Strings(w, "automatable_from", c.AutomatableFrom);
        w.WriteBoolean("unused", c.Unused);
        w.WriteString("use", c.Use.Token());
        w.WriteBoolean("unapproved", c.Unapproved);
        Str(w, "approval_ref", c.ApprovalRef);
        Str(w, "purpose", c.Purpose);
        Str(w, "duplicate_group", c.DuplicateGroup);
        w.WriteString("recommendation", c.Recommendation.Token());
        w.WriteString("recommendation_reason", c.RecommendationReason);
        Num(w, "hours_saved_per_year", c.HoursSavedPerYear);
        Num(w, "cost_gbp_saved_per_year", c.CostGbpSavedPerYear);
        w.WriteString("confidence", c.Confidence.Token());
        Strings(w, "evidence", c.Evidence);
        w.WriteString("items_version", c.ItemsVersion);
        WriteReview(w, c.Review);
        w.WriteEndObject();
    }

    private static void WritePair(Utf8JsonWriter w, DuplicatePairResult p)
    {
        w.WriteStartObject();
        w.WriteString("a", p.A);
        w.WriteString("b", p.B);
        Num(w, "containment", p.Containment, 3);
        Num(w, "jaccard", p.Jaccard, 3);
        Num(w, "title_similarity", p.TitleSimilarity, 3);
        Num(w, "score", p.Score, 3);
        Strings(w, "shared_items", p.SharedItems);
        w.WriteStartArray("matched_items");
        foreach (var m in p.MatchedItems)
        {
            w.WriteStartObject();
            w.WriteString("a", m.ItemA);
            w.WriteString("b", m.ItemB);
            Num(w, "similarity", m.Similarity, 3);
            w.WriteString("kind", m.Kind switch { ItemMatchKind.Same => "same", ItemMatchKind.Canonical => "canonical", _ => "similar" });
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("reason", p.Reason);
        WriteReview(w, p.Review);
        w.WriteEndObject();
    }

    private static void WriteReview(Utf8JsonWriter w, ReviewMark? review)
    {
        if (review is null)
        {
            w.WriteNull("review");
            return;
        }
        w.WriteStartObject("review");
        w.WriteString("decision", review.Decision.Token());
        w.WriteString("by", review.By);
        w.WriteString("at", review.At);
        Str(w, "note", review.Note);
        w.WriteBoolean("stale", review.Stale);
        w.WriteEndObject();
    }

    private static void WriteCoverage(Utf8JsonWriter w, PeriodCoverage coverage, string? period)
    {
        w.WriteStartObject("coverage");
        Strings(w, "months", coverage.Months);
        w.WriteBoolean("complete", coverage.Complete);
        Str(w, "statement", CoverageText.Statement(coverage, period));
        w.WriteStartArray("organisations");
        foreach (var o in coverage.Organisations)
        {
            w.WriteStartObject();
            w.WriteString("org", o.Org);
            Strings(w, "months_with_requests", o.MonthsWithRequests);
            Strings(w, "months_missing", o.MonthsMissing);
            w.WriteBoolean("complete", o.MonthsMissing.Count == 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteReviewStats(Utf8JsonWriter w, ReviewStats stats)
    {
        w.WriteStartObject("review_stats");
        w.WriteNumber("pairs_confirmed", stats.PairsConfirmed);
        w.WriteNumber("pairs_not_duplicate", stats.PairsDismissed);
        if (stats.Precision is { } precision) { Num(w, "duplicate_precision", precision, 4); } else { w.WriteNull("duplicate_precision"); }
        w.WriteStartObject("recommendations");
        foreach (var (action, a) in stats.ByAction)
        {
            w.WriteStartObject(action);
            w.WriteNumber("agreed", a.Agreed);
            w.WriteNumber("rejected", a.Rejected);
            w.WriteNumber("deferred", a.Deferred);
            if (a.ShareAgreed is { } share) { Num(w, "share_agreed", share, 4); } else { w.WriteNull("share_agreed"); }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteBaselineCollections(Utf8JsonWriter w, string name, IReadOnlyList<BaselineCollection> list)
    {
        w.WriteStartArray(name);
        foreach (var c in list)
        {
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            w.WriteString("title", c.Title);
            w.WriteString("requester", c.Requester);
            w.WriteString("frequency", c.Frequency.Token());
            w.WriteNumber("respondents", c.Respondents);
            Num(w, "submissions_per_year", c.SubmissionsPerYear);
            Num(w, "hours_per_year", c.HoursPerYear);
            Num(w, "cost_gbp_per_year", c.CostGbpPerYear);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteGroupTotals(Utf8JsonWriter w, string name, IReadOnlyList<GroupTotals> rows)
    {
        w.WriteStartArray(name);
        foreach (var r in rows)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteNumber("collections", r.Collections);
            w.WriteNumber("requests", r.Requests);
            Num(w, "hours", r.Hours);
            Num(w, "hours_per_year", r.HoursPerYear);
            Num(w, "cost_gbp_per_year", r.CostGbpPerYear);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteMethod(Utf8JsonWriter w, AnalysisMethod m)
    {
        w.WriteStartObject("method");
        w.WriteStartObject("band_rates");
        foreach (var (band, rate) in m.BandRates.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(band, rate);
        }
        w.WriteEndObject();
        w.WriteString("default_band", m.DefaultBand);
        w.WriteNumber("on_cost_factor", m.OnCostFactor);
        w.WriteStartObject("submissions_per_year");
        foreach (var (f, n) in m.SubmissionsPerYear.OrderBy(kv => kv.Key))
        {
            Num(w, f.Token(), n);
        }
        w.WriteString("ad_hoc", "observed rate annualised");
        w.WriteEndObject();
        w.WriteStartObject("default_hours");
        foreach (var (f, n) in m.DefaultHours.OrderBy(kv => kv.Key))
        {
            Num(w, f.Token(), n);
        }
        w.WriteEndObject();
        Num(w, "duplicate_containment_threshold", m.DuplicateContainmentThreshold, 3);
        w.WriteNumber("unused_grace_days", m.UnusedGraceDays);
        w.WriteString("taxonomy_version", m.TaxonomyVersion);
        w.WriteString("datasets_version", m.DatasetsVersion);
        w.WriteString("item_classifier", m.ItemClassifier);
        w.WriteString("vocabulary_version", m.VocabularyVersion);
        w.WriteNumber("duplicate_min_shared_items", m.DuplicateMinSharedItems);
        Num(w, "item_similarity_threshold", m.ItemSimilarityThreshold, 3);
        Str(w, "embedding_model", m.EmbeddingModel);
        Str(w, "embedding_model_version", m.EmbeddingModelVersion);
        w.WriteNumber("embeddings_encoded", m.EmbeddingsEncoded);
        w.WriteNumber("embeddings_cached", m.EmbeddingsCached);
        Strings(w, "formulas", m.Formulas);
        w.WriteEndObject();
    }

    private static void Num(Utf8JsonWriter w, string name, double value, int digits = 2) => w.WriteNumber(name, Math.Round(value, digits));

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }
}
