using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Burden.Core.Common;

namespace Burden.Core.Meaning;

/// <summary>The editable measure vocabulary: NHS abbreviations, threshold forms, units with conversions, comparators and guard terms.</summary>
/// <remarks>
/// File format: see the shipped <c>vocabulary.txt</c>. A later file adds to, and for the same variant overrides, an earlier
/// one. Comparators are never merged across names, so <c>within 4 hours</c> and <c>over 4 hours</c> stay different.
/// </remarks>
public sealed class MeasureVocabulary
{
    private readonly Dictionary<string, string> _rewrites;
    private readonly Dictionary<string, (string Kind, string Name)> _guardVariants;
    private readonly Dictionary<string, MeasureUnit> _units;
    private readonly Dictionary<string, string> _before;
    private readonly Dictionary<string, string> _after;
    private readonly Dictionary<string, string> _implied;
    private readonly Regex? _rewrite;
    private readonly Regex? _guard;
    private readonly Regex _quantity;

    private MeasureVocabulary(string version, Dictionary<string, string> rewrites, Dictionary<string, (string, string)> guardVariants, Dictionary<string, MeasureUnit> units,
        Dictionary<string, string> before, Dictionary<string, string> after, Dictionary<string, string> implied)
    {
        Version = version;
        _rewrites = rewrites;
        _guardVariants = guardVariants;
        _units = units;
        _before = before;
        _after = after;
        _implied = implied;
        _rewrite = rewrites.Count == 0 ? null : new Regex($"(?<![a-z0-9]){Alternation(rewrites.Keys)}(?![a-z0-9])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        _guard = guardVariants.Count == 0 ? null : new Regex($"(?<![a-z0-9]){Alternation(guardVariants.Keys)}(?![a-z0-9])", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        var unit = units.Count == 0 ? "(?!)" : Alternation(units.Keys);
        var pre = before.Count == 0 ? "(?!)" : Alternation(before.Keys);
        var post = after.Count == 0 ? "(?!)" : Alternation(after.Keys);
        var imp = implied.Count == 0 ? "(?!)" : Alternation(implied.Keys);
        _quantity = new Regex(
            $@"(?<![a-z0-9.])(?:(?<pre>{pre})\s*)?(?<num>\d+(?:\.\d+)?)(?![0-9])(?:\s*(?<post1>{post})(?![a-z]))?(?:\s*-?\s*(?<unit>{unit})(?![a-z0-9]))?(?:\s*(?<post2>{post})(?![a-z]))?(?=\s+(?<imp>{imp})(?![a-z]))?",
            RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>The version named by the first file's <c># version:</c> line (user files append theirs).</summary>
    public string Version { get; }

    /// <summary>Number of rewrite variants (abbreviations and wordings).</summary>
    public int RewriteCount => _rewrites.Count;

    /// <summary>Parses one or more vocabulary files.</summary>
    /// <param name="files">(name for messages, text) pairs, shipped file first.</param>
    /// <exception cref="BurdenException">A line is not a rule; the message names the file and line.</exception>
    public static MeasureVocabulary Parse(params (string Name, string Text)[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var rewrites = new Dictionary<string, string>(StringComparer.Ordinal);
        var guards = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var units = new Dictionary<string, MeasureUnit>(StringComparer.Ordinal);
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        var after = new Dictionary<string, string>(StringComparer.Ordinal);
        var implied = new Dictionary<string, string>(StringComparer.Ordinal);
        var versions = new List<string>();
        foreach (var (name, text) in files)
        {
            var file = ReferenceFile.Read(name, text);
            versions.Add(file.Version);
            foreach (var line in file.Lines)
            {
                var colon = line.Text.IndexOf(':', StringComparison.Ordinal);
                var eq = line.Text.IndexOf('=', StringComparison.Ordinal);
                if (colon <= 0 || eq < colon)
                {
                    throw Bad(line, "a rule");
                }
                var kind = line.Text[..colon].Trim().ToLowerInvariant();
                var head = line.Text[(colon + 1)..eq].Trim().ToLowerInvariant();
                var variants = line.Text[(eq + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLowerInvariant()).ToList();
                if (head.Length == 0 || variants.Count == 0)
                {
                    throw Bad(line, "a name before '=' and at least one variant after it");
                }
                switch (kind)
                {
                    case "term":
                        foreach (var v in variants.Append(head))
                        {
                            rewrites[v] = head;
                        }
                        break;
                    case "population" or "service" or "disease":
                        foreach (var v in variants.Append(head))
                        {
                            rewrites[v] = head;
                            guards[v] = (kind, head);
                        }
                        break;
                    case "unit":
                        var unit = ParseUnit(line, head, units);
                        foreach (var v in variants.Append(unit.Name))
                        {
                            units[v] = unit;
                        }
                        break;
                    case "comparator":
                        variants.ForEach(v => before[v] = head);
                        break;
                    case "comparator after":
                        variants.ForEach(v => after[v] = head);
                        break;
                    case "comparator implied":
                        variants.ForEach(v => implied[v] = head);
                        break;
                    default:
                        throw Bad(line, "term, population, service, disease, unit, comparator, comparator after or comparator implied before ':'");
                }
            }
        }
        // Guard names are rewritten to themselves too, so a guard written in its canonical form is still read as one.
        foreach (var (variant, guard) in guards.ToList())
        {
            guards.TryAdd(guard.Item2, guard);
            _ = variant;
        }
        return new MeasureVocabulary(string.Join("+", versions), rewrites, guards, units, before, after, implied);
    }

    /// <summary>Puts <paramref name="item"/> (already stripped of any <c>[class]</c> marker) into canonical words and reads its guards.</summary>
    /// <remarks>
    /// Steps: lower case; abbreviations and guard terms rewritten to their canonical names; each threshold read as
    /// comparator, value and unit (converted to its base unit) and written back in one form: <c>&gt;18 wks</c>,
    /// <c>18+ weeks</c> and <c>more than 18 weeks</c> all become <c>over 18 weeks</c>; <c>2 hrs</c> and
    /// <c>120 mins</c> both become <c>2 hours</c>.
    /// </remarks>
    public (string Text, IReadOnlyList<Quantity> Quantities, IReadOnlyList<string> Guards) Canonicalise(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var text = item.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2013', '-').Replace('\u2014', '-');
        text = text.Replace("%", " percent", StringComparison.Ordinal);
        if (_rewrite is not null)
        {
            text = _rewrite.Replace(text, m => _rewrites[m.Value]);
        }
        var quantities = new SortedSet<Quantity>();
        text = _quantity.Replace(text, m =>
        {
            var q = Read(m);
            quantities.Add(q);
            return " " + q.ToString() + " ";
        });
        var guards = new SortedSet<string>(StringComparer.Ordinal);
        if (_guard is not null)
        {
            foreach (Match m in _guard.Matches(text))
            {
                var (kind, name) = _guardVariants[m.Value];
                guards.Add($"{kind}: {name}");
            }
        }
        var sb = new StringBuilder(text.Length);
        var space = true;
        foreach (var c in text)
        {
            var keep = char.IsLetterOrDigit(c) || c is '-' or '/' or '&' or '.';
            if (keep)
            {
                sb.Append(c);
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        return (sb.ToString().Trim(' ', '-', '.', '/'), [.. quantities], [.. guards]);
    }

    private Quantity Read(Match m)
    {
        var value = double.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture);
        var comparator =
            m.Groups["pre"].Success ? _before[m.Groups["pre"].Value]
            : m.Groups["post1"].Success ? _after[m.Groups["post1"].Value]
            : m.Groups["post2"].Success ? _after[m.Groups["post2"].Value]
            : m.Groups["imp"].Success && m.Groups["unit"].Success ? _implied[m.Groups["imp"].Value]
            : "";
        if (!m.Groups["unit"].Success)
        {
            return new Quantity(comparator, value, "", "");
        }
        var unit = _units[m.Groups["unit"].Value];
        var inBase = value * unit.Factor;
        // Written in the largest unit that divides the value exactly, so 120 minutes, 2 hours and 2 hrs read alike.
        var shown = _units.Values.Where(u => u.Base == unit.Base).Distinct().OrderByDescending(u => u.Factor)
            .FirstOrDefault(u => Math.Abs(inBase / u.Factor - Math.Round(inBase / u.Factor)) < 1e-9) ?? unit;
        return new Quantity(comparator, inBase, unit.Base, Plural(shown.Name, inBase / shown.Factor));
    }

    private static string Plural(string unit, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:0.###} {unit}{(value == 1 || unit.EndsWith("cent", StringComparison.Ordinal) ? "" : "s")}");

    private static MeasureUnit ParseUnit(ReferenceLine line, string head, Dictionary<string, MeasureUnit> units)
    {
        var open = head.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return new MeasureUnit(head, head, 1);
        }
        var name = head[..open].Trim();
        var inner = head[(open + 1)..].TrimEnd(')').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (inner.Length != 2 || !double.TryParse(inner[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) || factor <= 0)
        {
            throw Bad(line, "'unit: name (factor base) = variants', for example 'unit: hour (60 minute) = hours | hrs'");
        }
        if (!units.TryGetValue(inner[1], out var baseUnit))
        {
            throw Bad(line, $"a base unit '{inner[1]}' defined on an earlier line");
        }
        return new MeasureUnit(name, baseUnit.Base, factor * baseUnit.Factor);
    }

    private static BurdenException Bad(ReferenceLine line, string expected) =>
        new($"{line.Where}: '{line.Text}' is not a vocabulary rule (expected {expected})");

    private static string Alternation(IEnumerable<string> phrases) =>
        "(?:" + string.Join("|", phrases.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal).Select(p => Regex.Escape(p).Replace("\\ ", "\\s+", StringComparison.Ordinal))) + ")";

    private sealed record MeasureUnit(string Name, string Base, double Factor);
}

/// <summary>A threshold or count read from an item: comparator, value in the base unit, and how it is written back.</summary>
/// <param name="Comparator"><c>over</c>, <c>within</c> or another comparator name; empty when none is written.</param>
/// <param name="Value">The value in <paramref name="Unit"/>.</param>
/// <param name="Unit">The base unit (<c>minute</c>, <c>month</c>, <c>percent</c>), empty for a bare number.</param>
/// <param name="Shown">The value in the largest unit that divides it exactly (<c>2 hours</c>).</param>
public sealed record Quantity(string Comparator, double Value, string Unit, string Shown) : IComparable<Quantity>
{
    /// <summary>The canonical wording: <c>over 18 weeks</c>, <c>within 4 hours</c>, <c>62</c>.</summary>
    public override string ToString()
    {
        var amount = Shown.Length > 0 ? Shown : Value.ToString("0.###", CultureInfo.InvariantCulture);
        return Comparator.Length > 0 ? $"{Comparator} {amount}" : amount;
    }

    /// <summary>Orders by unit, value, then comparator.</summary>
    public int CompareTo(Quantity? other)
    {
        if (other is null)
        {
            return 1;
        }
        var byUnit = string.CompareOrdinal(Unit, other.Unit);
        if (byUnit != 0)
        {
            return byUnit;
        }
        var byValue = Value.CompareTo(other.Value);
        return byValue != 0 ? byValue : string.CompareOrdinal(Comparator, other.Comparator);
    }
}
