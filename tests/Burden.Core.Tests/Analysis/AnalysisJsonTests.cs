using System.Text.Json;
using Burden.Core.Analysis;
using Burden.Core.Common;

namespace Burden.Core.Tests.Analysis;

public class AnalysisJsonTests
{
    private static JsonElement Write(AnalysisResult result)
    {
        using var stream = new MemoryStream();
        AnalysisJson.Write(result, stream);
        Assert.True(stream.CanWrite, "the writer must leave the stream open");
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static AnalysisResult Sample(bool withBaseline = false)
    {
        var input = new AnalysisInput(SampleFiles.LoadLog(), SampleFiles.LoadCatalogue(), ReportingPeriod.Parse("2022-11"), "QMM", new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        var result = AnalysisEngine.Analyse(input, new AnalysisSettings(), AnalysisReference.Shipped);
        return withBaseline ? AnalysisEngine.Analyse(input with { Baseline = AnalysisEngine.Snapshot("b", result, input.Now) }, new AnalysisSettings(), AnalysisReference.Shipped) : result;
    }

    [Fact]
    public void Write_SampleAnalysis_HasTheDocumentedShape()
    {
        var root = Write(Sample());

        Assert.Equal("hewitt-burden/analysis/1", root.GetProperty("schema").GetString());
        Assert.Equal("2022-11", root.GetProperty("period").GetString());
        Assert.Equal("QMM", root.GetProperty("org").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("baseline").ValueKind);
        var totals = root.GetProperty("totals");
        foreach (var key in new[] { "requests", "collections", "hours", "hours_per_year", "cost_gbp_per_year" })
        {
            Assert.Equal(JsonValueKind.Number, totals.GetProperty(key).ValueKind);
        }
        var byFrequency = totals.GetProperty("by_frequency");
        Assert.Equal(["daily", "weekly", "fortnightly", "monthly", "quarterly", "annual", "ad_hoc"], byFrequency.EnumerateObject().Select(p => p.Name));
        Assert.Equal(97, byFrequency.GetProperty("ad_hoc").GetProperty("requests").GetInt32());
        Assert.Equal(3, byFrequency.GetProperty("daily").GetProperty("collections").GetInt32());

        var collections = root.GetProperty("collections").EnumerateArray().ToList();
        Assert.Equal(totals.GetProperty("collections").GetInt32(), collections.Count);
        var keys = new[] { "id", "title", "requester", "collection_ref", "frequency", "requests", "hours", "hours_estimated", "submissions_per_year", "hours_per_year", "cost_gbp_per_year", "data_items", "output_only", "automatable_from", "unused", "unapproved", "duplicate_group", "recommendation", "hours_saved_per_year" };
        foreach (var c in collections)
        {
            foreach (var key in keys)
            {
                Assert.True(c.TryGetProperty(key, out _), $"collection {c.GetProperty("id")} lacks {key}");
            }
            Assert.Contains(c.GetProperty("frequency").GetString(), new[] { "daily", "weekly", "fortnightly", "monthly", "quarterly", "annual", "ad_hoc" });
            Assert.Contains(c.GetProperty("recommendation").GetString(), new[] { "keep", "retire", "merge", "automate", "reduce_frequency", "add_outcomes", "confirm_purpose" });
            Assert.All(c.GetProperty("data_items").EnumerateArray(), i => Assert.Contains(i.GetProperty("class").GetString(), new[] { "input", "process", "output", "outcome" }));
        }
        var pair = root.GetProperty("duplicate_pairs").EnumerateArray().First();
        foreach (var key in new[] { "a", "b", "containment", "jaccard", "shared_items", "reason" })
        {
            Assert.True(pair.TryGetProperty(key, out _), $"pair lacks {key}");
        }
        var group = root.GetProperty("duplicate_groups").EnumerateArray().First();
        Assert.StartsWith("G", group.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Contains(group.GetProperty("keep").GetString(), group.GetProperty("collections").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public void Write_WithBaseline_WritesComparison()
    {
        var baseline = Write(Sample(withBaseline: true)).GetProperty("baseline");

        Assert.Equal("b", baseline.GetProperty("name").GetString());
        Assert.Empty(baseline.GetProperty("added").EnumerateArray());
        Assert.Empty(baseline.GetProperty("changed").EnumerateArray());
        Assert.Equal(0, baseline.GetProperty("deltas").GetProperty("hours_per_year").GetProperty("change").GetDouble());
    }
}
