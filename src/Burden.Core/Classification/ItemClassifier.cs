using Burden.Core.Analysis;

namespace Burden.Core.Classification;

/// <summary>Classes data items as input, process, output or outcome.</summary>
/// <remarks>
/// Order of authority: a class written in the item itself (<c>Hip replacement Oxford score [outcome]</c>) wins; then a
/// per-item override from the settings (matched ignoring case and spacing); then the first taxonomy rule that matches;
/// otherwise <see cref="ItemClass.Output"/> (an unrecognised figure is most often an activity count), marked <c>default</c>.
/// </remarks>
public sealed class ItemClassifier
{
    private readonly Taxonomy _taxonomy;
    private readonly Dictionary<string, ItemClass> _overrides;

    /// <summary>Creates a classifier from a taxonomy and per-item overrides.</summary>
    public ItemClassifier(Taxonomy taxonomy, IReadOnlyDictionary<string, ItemClass>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        _taxonomy = taxonomy;
        _overrides = new Dictionary<string, ItemClass>(StringComparer.Ordinal);
        foreach (var (item, itemClass) in overrides ?? new Dictionary<string, ItemClass>())
        {
            _overrides[OverrideKey(item)] = itemClass;
        }
    }

    /// <summary>Classes one item; the returned name has any explicit <c>[class]</c> marker removed.</summary>
    public ClassifiedItem Classify(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var trimmed = item.Trim();
        if (trimmed.EndsWith(']'))
        {
            var open = trimmed.LastIndexOf('[');
            if (open >= 0 && ItemClasses.TryParse(trimmed[(open + 1)..^1], out var given))
            {
                return new ClassifiedItem(trimmed[..open].TrimEnd(), given, "input");
            }
        }
        if (_overrides.TryGetValue(OverrideKey(trimmed), out var overridden))
        {
            return new ClassifiedItem(trimmed, overridden, "override");
        }
        var rule = _taxonomy.Match(trimmed);
        return rule is null
            ? new ClassifiedItem(trimmed, ItemClass.Output, "default")
            : new ClassifiedItem(trimmed, rule.Class, "rule:" + rule.Phrase);
    }

    private static string OverrideKey(string item) =>
        string.Join(' ', item.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
