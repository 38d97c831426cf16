using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Core.Classification;

/// <summary>An ordered list of rules that class a data item by the words it contains; the first rule that matches wins.</summary>
/// <remarks>
/// File format, one rule a line, <c>#</c> starts a comment, <c># version: X</c> names the version:
/// <c>class: phrase | phrase | ...</c> where class is input, process, output or outcome. A phrase matches when its words
/// appear one after another in the item (case, punctuation and plurals ignored); a word ending in <c>*</c> matches any
/// word starting with it. A user file's rules are placed before the shipped ones, so the user's rules win.
/// </remarks>
public sealed class Taxonomy
{
    private readonly IReadOnlyList<TaxonomyRule> _rules;

    private Taxonomy(IReadOnlyList<TaxonomyRule> rules, string version)
    {
        _rules = rules;
        Version = version;
    }

    /// <summary>The version line(s) of the files read, joined with <c>+</c>.</summary>
    public string Version { get; }

    /// <summary>The rules in the order they are tried.</summary>
    public IReadOnlyList<TaxonomyRule> Rules => _rules;

    /// <summary>Parses taxonomy files; the first file's rules are tried first.</summary>
    /// <exception cref="BurdenException">A line is not a rule, naming the file and line.</exception>
    public static Taxonomy Parse(params (string Name, string Text)[] files)
    {
        var rules = new List<TaxonomyRule>();
        var versions = new List<string>();
        foreach (var (name, text) in files)
        {
            var file = ReferenceFile.Read(name, text);
            foreach (var (_, lineNo, line) in file.Lines)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !ItemClasses.TryParse(line[..colon], out var itemClass))
                {
                    throw new BurdenException($"{name} line {lineNo}: '{line}' is not a rule (expected 'input|process|output|outcome: phrase | phrase')");
                }
                foreach (var phrase in line[(colon + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var words = Tokenise(phrase);
                    if (words.Count == 0)
                    {
                        throw new BurdenException($"{name} line {lineNo}: phrase '{phrase}' has no words");
                    }
                    rules.Add(new TaxonomyRule(itemClass, phrase, words, $"{name}:{lineNo}"));
                }
            }
            versions.Add(file.Version);
        }
        return new Taxonomy(rules, string.Join("+", versions));
    }

    /// <summary>The first rule matching <paramref name="item"/>, or null.</summary>
    public TaxonomyRule? Match(string item)
    {
        var words = Tokenise(item);
        foreach (var rule in _rules)
        {
            if (rule.Matches(words))
            {
                return rule;
            }
        }
        return null;
    }

    /// <summary>Lower-case words with punctuation removed and plurals reduced; <c>*</c> is kept for prefix patterns.</summary>
    internal static List<string> Tokenise(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            sb.Append(char.IsLetterOrDigit(c) || c == '*' ? c : ' ');
        }
        var words = new List<string>();
        foreach (var w in sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            words.Add(w.EndsWith('*') ? w : Meaning.ItemNormaliser.Stem(w));
        }
        return words;
    }
}

/// <summary>One taxonomy rule: a phrase and the class it gives.</summary>
/// <param name="Class">The class given.</param>
/// <param name="Phrase">The phrase as written.</param>
/// <param name="Words">The phrase's words after tokenising.</param>
/// <param name="Origin">File and line.</param>
public sealed record TaxonomyRule(ItemClass Class, string Phrase, IReadOnlyList<string> Words, string Origin)
{
    /// <summary>True when the phrase's words appear consecutively in <paramref name="itemWords"/>.</summary>
    public bool Matches(IReadOnlyList<string> itemWords)
    {
        ArgumentNullException.ThrowIfNull(itemWords);
        for (var start = 0; start + Words.Count <= itemWords.Count; start++)
        {
            var all = true;
            for (var i = 0; i < Words.Count && all; i++)
            {
                var p = Words[i];
                var w = itemWords[start + i];
                all = p.EndsWith('*') ? w.StartsWith(p[..^1], StringComparison.Ordinal) : w == p;
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }
}
