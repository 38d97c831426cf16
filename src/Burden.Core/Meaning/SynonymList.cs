using System.Text.RegularExpressions;
using Burden.Core.Common;

namespace Burden.Core.Meaning;

/// <summary>Editable synonyms and distinguishing terms used to normalise data items before matching.</summary>
/// <remarks>
/// File format, one rule a line, <c>#</c> starts a comment:
/// <c>canonical = variant | variant | ...</c> rewrites each variant (whole words, any case) to the canonical form;
/// <c>distinguishing: term, term, ...</c> lists terms (diseases, vaccines) that must agree for two collections to match.
/// Every number is distinguishing too.
/// </remarks>
public sealed class SynonymList
{
    private readonly Dictionary<string, string> _variants;
    private readonly Regex? _pattern;

    private SynonymList(Dictionary<string, string> variants, HashSet<string> distinguishing)
    {
        _variants = variants;
        Distinguishing = distinguishing;
        if (variants.Count > 0)
        {
            var alternation = string.Join("|", variants.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape));
            _pattern = new Regex($"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
    }

    /// <summary>Terms that must agree between two collections (after rewriting), besides numbers.</summary>
    public IReadOnlySet<string> Distinguishing { get; }

    /// <summary>Number of variant rewrites.</summary>
    public int VariantCount => _variants.Count;

    /// <summary>An empty list.</summary>
    public static SynonymList Empty { get; } = new(new Dictionary<string, string>(), []);

    /// <summary>Parses one or more synonym files; later files add to (and for the same variant, override) earlier ones.</summary>
    /// <param name="files">(name for messages, text) pairs.</param>
    /// <exception cref="BurdenException">A line is neither a rule, a comment nor blank.</exception>
    public static SynonymList Parse(params (string Name, string Text)[] files)
    {
        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        var distinguishing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, text) in files)
        {
            foreach (var (_, lineNo, line) in ReferenceFile.Read(name, text).Lines)
            {
                if (line.StartsWith("distinguishing:", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var term in line["distinguishing:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        distinguishing.Add(term.ToLowerInvariant());
                    }
                    continue;
                }
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new BurdenException($"{name} line {lineNo}: '{line}' is not a rule (expected 'canonical = variant | variant' or 'distinguishing: term, term')");
                }
                var canonical = line[..eq].Trim().ToLowerInvariant();
                foreach (var variant in line[(eq + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    variants[variant.ToLowerInvariant()] = canonical;
                }
            }
        }
        return new SynonymList(variants, distinguishing);
    }

    /// <summary>Rewrites every variant in lower-cased <paramref name="text"/> to its canonical form.</summary>
    public string Rewrite(string text)
    {
        if (_pattern is null)
        {
            return text;
        }
        return _pattern.Replace(text, m => _variants[m.Value]);
    }
}
