using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using System.Globalization;

namespace Burden.Core.Analysis;

/// <summary>Compares an analysis with a frozen baseline, labelling each change as the US PRA inventory does.</summary>
/// <remarks>
/// Collections are matched by id. Added: present now, not in the baseline; retired: in the baseline, not now. A matched
/// collection whose frequency or items changed is a <b>program change</b>; one whose only change is re-estimated
/// hours per year (by more than 0.5%) or a different number of respondents is an <b>adjustment</b>.
/// </remarks>
public static class BaselineComparer
{
    /// <summary>Relative change in hours per year below which a collection is unchanged.</summary>
    public const double HoursTolerance = 0.005;

    /// <summary>The frozen form of a collection.</summary>
    public static BaselineCollection Freeze(CollectionAnalysis c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new BaselineCollection
        {
            Id = c.Id,
            Title = c.Title,
            Requester = c.Requester,
            Frequency = c.Frequency,
            ItemKeys = c.ItemKeys,
            Respondents = c.Respondents,
            SubmissionsPerYear = c.SubmissionsPerYear,
            HoursPerYear = c.HoursPerYear,
            CostGbpPerYear = c.CostGbpPerYear,
            OutputOnly = c.OutputOnly,
            Automatable = c.AutomatableFrom.Count > 0,
        };
    }

    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    public static BaselineComparison Compare(BaselineSnapshot baseline, AnalysisResult current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var now = current.Collections.Select(Freeze).ToList();
        var before = baseline.Collections.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var nowById = now.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var changed = new List<CollectionChange>();
        foreach (var c in now)
        {
            if (!before.TryGetValue(c.Id, out var b))
            {
                continue;
            }
            var program = new List<string>();
            if (b.Frequency != c.Frequency)
            {
                program.Add($"frequency {b.Frequency.Token()} -> {c.Frequency.Token()}");
            }
            var bk = b.ItemKeys.ToHashSet(StringComparer.Ordinal);
            var ck = c.ItemKeys.ToHashSet(StringComparer.Ordinal);
            var added = ck.Count(k => !bk.Contains(k));
            var removed = bk.Count(k => !ck.Contains(k));
            if (added + removed > 0)
            {
                program.Add($"items +{added} -{removed}");
            }
            if (program.Count > 0)
            {
                changed.Add(new CollectionChange(c.Id, c.Title, ChangeKind.ProgramChange, string.Join("; ", program), b.HoursPerYear, c.HoursPerYear));
                continue;
            }
            var adjust = new List<string>();
            if (b.Respondents != c.Respondents)
            {
                adjust.Add($"respondents {b.Respondents} -> {c.Respondents}");
            }
            if (Math.Abs(c.HoursPerYear - b.HoursPerYear) > HoursTolerance * Math.Max(1, Math.Abs(b.HoursPerYear)))
            {
                adjust.Add(string.Create(CultureInfo.InvariantCulture, $"hours per year {b.HoursPerYear:0.##} -> {c.HoursPerYear:0.##}"));
            }
            if (adjust.Count > 0)
            {
                changed.Add(new CollectionChange(c.Id, c.Title, ChangeKind.Adjustment, string.Join("; ", adjust), b.HoursPerYear, c.HoursPerYear));
            }
        }
        double Share(IReadOnlyCollection<BaselineCollection> set, Func<BaselineCollection, bool> f) => set.Count == 0 ? 0 : Math.Round((double)set.Count(f) / set.Count, 4);
        var was = baseline.Collections;
        return new BaselineComparison
        {
            Name = baseline.Name,
            Period = baseline.Period,
            Added = [.. now.Where(c => !before.ContainsKey(c.Id))],
            Retired = [.. was.Where(c => !nowById.ContainsKey(c.Id))],
            Changed = changed,
            Deltas = new Dictionary<string, Delta>(StringComparer.Ordinal)
            {
                ["collections"] = new(was.Count, now.Count),
                ["submissions_per_year"] = new(Math.Round(was.Sum(c => c.SubmissionsPerYear * Math.Max(1, c.Respondents)), 2), Math.Round(now.Sum(c => c.SubmissionsPerYear * Math.Max(1, c.Respondents)), 2)),
                ["hours_per_year"] = new(Math.Round(was.Sum(c => c.HoursPerYear), 2), Math.Round(now.Sum(c => c.HoursPerYear), 2)),
                ["cost_gbp_per_year"] = new(Math.Round(was.Sum(c => c.CostGbpPerYear), 2), Math.Round(now.Sum(c => c.CostGbpPerYear), 2)),
                ["share_output_only"] = new(Share(was, c => c.OutputOnly), Share(now, c => c.OutputOnly)),
                ["share_automatable"] = new(Share(was, c => c.Automatable), Share(now, c => c.Automatable)),
            },
        };
    }
}
