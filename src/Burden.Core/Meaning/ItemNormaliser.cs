using System.Text;
using Burden.Core.Catalogue;

namespace Burden.Core.Meaning;

/// <summary>Turns a data item as typed into a key two collections can share: <c>No. of G&amp;A beds occupied</c> and <c>general and acute beds occupied</c> give the same key.</summary>
/// <remarks>
/// Steps: lower case; synonyms rewritten (A&amp;E/ED, G&amp;A, no./number of, COVID-19 and the editable list); a trailing
/// explicit class such as <c> [outcome]</c> dropped; punctuation to spaces; filler words dropped; plurals reduced;
/// words sorted, so word order does not matter. Numbers are kept: "over 62 days" and "over 104 days" stay different.
/// </remarks>
public sealed class ItemNormaliser
{
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "per", "from", "as", "is", "are",
        "be", "been", "being", "number", "total", "all", "any", "current", "currently", "which", "that", "this", "who",
        "count", "figure", "figures", "please", "provide", "confirm", "how", "many", "what", "your", "our", "its", "their",
        "s",
    };

    private readonly SynonymList _synonyms;

    /// <summary>Creates a normaliser with a synonym list.</summary>
    public ItemNormaliser(SynonymList synonyms)
    {
        ArgumentNullException.ThrowIfNull(synonyms);
        _synonyms = synonyms;
    }

    /// <summary>The synonym list in use.</summary>
    public SynonymList Synonyms => _synonyms;

    /// <summary>The item's words after normalisation, sorted and distinct.</summary>
    public IReadOnlyList<string> Words(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var text = StripExplicitClass(item).ToLowerInvariant();
        text = text.Replace('\u2019', '\'').Replace("'s", "", StringComparison.Ordinal).Replace("%", " percent ", StringComparison.Ordinal);
        text = _synonyms.Rewrite(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var w in sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Filler.Contains(w))
            {
                continue;
            }
            words.Add(Stem(w));
        }
        return [.. words];
    }

    /// <summary>The item's key: its normalised words joined by spaces (empty when nothing is left).</summary>
    public string Key(string item) => string.Join(' ', Words(item));

    /// <summary>Distinguishing terms in an item's words: numbers and the synonym list's disease and vaccine names.</summary>
    public IEnumerable<string> DistinguishingTerms(IEnumerable<string> words)
    {
        foreach (var w in words)
        {
            if (char.IsDigit(w[0]) || _synonyms.Distinguishing.Contains(w))
            {
                yield return w;
            }
        }
    }

    /// <summary>Drops a trailing <c>[class]</c> marker from an item.</summary>
    public static string StripExplicitClass(string item)
    {
        var trimmed = item.TrimEnd();
        if (trimmed.EndsWith(']'))
        {
            var open = trimmed.LastIndexOf('[');
            if (open >= 0 && ItemClasses.TryParse(trimmed[(open + 1)..^1], out _))
            {
                return trimmed[..open].TrimEnd();
            }
        }
        return trimmed;
    }

    /// <summary>Reduces a plural to its singular form (<c>beds</c> → <c>bed</c>, <c>deliveries</c> → <c>delivery</c>).</summary>
    public static string Stem(string word)
    {
        if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }
        if (word.Length > 3 && word[^1] == 's' && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal) && !char.IsDigit(word[^2]))
        {
            return word[..^1];
        }
        return word;
    }
}
