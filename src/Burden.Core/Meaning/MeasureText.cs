using System.Globalization;

namespace Burden.Core.Meaning;

/// <summary>A data item read through the measure vocabulary: its canonical text and key, and the guards that must agree.</summary>
/// <param name="Item">The item as given (any <c>[class]</c> marker dropped).</param>
/// <param name="Text">Canonical text: abbreviations expanded, thresholds in one form; what the embedding model reads.</param>
/// <param name="Key">Canonical key: the text's words without filler, singular, sorted; each threshold one token.</param>
/// <param name="Quantities">Thresholds and numbers, in their base units.</param>
/// <param name="Guards">Sorted guard terms (<c>threshold: over 18 weeks</c>, <c>population: adult</c>, <c>disease: flu</c>).</param>
public sealed record MeasureText(string Item, string Text, string Key, IReadOnlyList<Quantity> Quantities, IReadOnlyList<string> Guards)
{
    /// <summary>The guards as one string: two items whose signatures differ are different measures however alike their words.</summary>
    public string Signature { get; } = string.Join("; ", Guards);

    /// <summary>Why two items with different guards are different measures: <c>over 18 weeks against over 52 weeks</c>.</summary>
    public string GuardDifference(MeasureText other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Guards.Except(other.Guards, StringComparer.Ordinal).ToList();
        var theirs = other.Guards.Except(Guards, StringComparer.Ordinal).ToList();
        string Side(List<string> g) => g.Count == 0 ? "none" : string.Join(", ", g.Select(x => x[(x.IndexOf(':', StringComparison.Ordinal) + 2)..]));
        var kinds = mine.Concat(theirs).Select(x => x[..x.IndexOf(':', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $"{string.Join("/", kinds)} {Side(mine)} against {Side(theirs)}");
    }
}

/// <summary>Reads data items through a <see cref="MeasureVocabulary"/> into <see cref="MeasureText"/>s.</summary>
/// <remarks>
/// The key's words come from the item normaliser handed in (synonyms, filler words, plurals), so the editable synonym
/// list still applies; its distinguishing terms (disease and vaccine names) become disease guards.
/// </remarks>
public sealed class MeasureReader
{
    private readonly Func<string, IReadOnlyList<string>> _words;
    private readonly Func<string, bool> _distinguishing;

    /// <summary>Creates a reader.</summary>
    /// <param name="vocabulary">The vocabulary.</param>
    /// <param name="words">Normalised words of a text (for the key).</param>
    /// <param name="distinguishing">True for a normalised word that names a disease or vaccine.</param>
    public MeasureReader(MeasureVocabulary vocabulary, Func<string, IReadOnlyList<string>> words, Func<string, bool> distinguishing)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(distinguishing);
        Vocabulary = vocabulary;
        _words = words;
        _distinguishing = distinguishing;
    }

    /// <summary>The vocabulary in use.</summary>
    public MeasureVocabulary Vocabulary { get; }

    /// <summary>Reads one item.</summary>
    public MeasureText Read(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (text, quantities, guards) = Vocabulary.Canonicalise(item);
        var withoutQuantities = text;
        foreach (var q in quantities)
        {
            withoutQuantities = withoutQuantities.Replace(q.ToString(), " ", StringComparison.Ordinal);
        }
        var words = _words(withoutQuantities);
        var keyWords = new SortedSet<string>(words, StringComparer.Ordinal);
        var allGuards = new SortedSet<string>(guards, StringComparer.Ordinal);
        foreach (var q in quantities)
        {
            keyWords.Add(q.ToString().Replace(' ', '_'));
            allGuards.Add("threshold: " + q);
        }
        foreach (var w in words.Where(w => !char.IsDigit(w[0]) && _distinguishing(w)))
        {
            allGuards.Add("disease: " + w);
        }
        return new MeasureText(item, text, string.Join(' ', keyWords), [.. quantities], [.. allGuards]);
    }
}
