using Burden.Core.Common;
using Burden.Core.Meaning;

namespace Burden.Core.Rationalise;

/// <summary>National datasets that already flow automatically, with the measures each can supply.</summary>
/// <remarks>
/// File format, one dataset a line, <c>#</c> starts a comment: <c>NAME: measure | measure | ...</c>. An item is covered by a
/// dataset when every word of one of its measures is among the item's words after normalisation (any order). Later
/// files add datasets, or measures to a dataset of the same name.
/// </remarks>
public sealed class AutomatedDatasets
{
    private readonly List<(string Dataset, string[] Words)> _measures;

    private AutomatedDatasets(List<(string, string[])> measures, IReadOnlyList<string> names, string version)
    {
        _measures = measures;
        Names = names;
        Version = version;
    }

    /// <summary>Dataset names in file order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The version line(s) of the files read.</summary>
    public string Version { get; }

    /// <summary>Parses dataset files, normalising measures with <paramref name="normaliser"/>.</summary>
    /// <exception cref="BurdenException">A line is not <c>NAME: measure | ...</c>, naming file and line.</exception>
    public static AutomatedDatasets Parse(ItemNormaliser normaliser, params (string Name, string Text)[] files)
    {
        ArgumentNullException.ThrowIfNull(normaliser);
        var measures = new List<(string, string[])>();
        var names = new List<string>();
        var versions = new List<string>();
        foreach (var (file, text) in files)
        {
            var reference = ReferenceFile.Read(file, text);
            foreach (var (_, lineNo, line) in reference.Lines)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new BurdenException($"{file} line {lineNo}: '{line}' is not a dataset (expected 'NAME: measure | measure')");
                }
                var name = line[..colon].Trim();
                if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(name);
                }
                foreach (var m in line[(colon + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var words = normaliser.Words(m);
                    if (words.Count > 0)
                    {
                        measures.Add((names.First(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)), [.. words]));
                    }
                }
            }
            versions.Add(reference.Version);
        }
        return new AutomatedDatasets(measures, names, string.Join("+", versions));
    }

    /// <summary>Datasets that carry an item with these normalised words.</summary>
    public IReadOnlyList<string> Covering(IReadOnlyCollection<string> itemWords)
    {
        ArgumentNullException.ThrowIfNull(itemWords);
        var set = itemWords as IReadOnlySet<string> ?? itemWords.ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var (dataset, words) in _measures)
        {
            if (!found.Contains(dataset) && words.All(set.Contains))
            {
                found.Add(dataset);
            }
        }
        return found;
    }
}
