namespace Burden.Core.Catalogue;

/// <summary>How often a collection is answered.</summary>
public enum Frequency
{
    /// <summary>Every day (SitReps).</summary>
    Daily,
    /// <summary>Every week.</summary>
    Weekly,
    /// <summary>Every two weeks.</summary>
    Fortnightly,
    /// <summary>Every month.</summary>
    Monthly,
    /// <summary>Every quarter.</summary>
    Quarterly,
    /// <summary>Once a year.</summary>
    Annual,
    /// <summary>A one-off request.</summary>
    AdHoc,
}

/// <summary>Reading and writing <see cref="Frequency"/> as people type it.</summary>
public static class Frequencies
{
    private static readonly Dictionary<string, Frequency> Aliases = new(StringComparer.Ordinal)
    {
        ["daily"] = Frequency.Daily, ["day"] = Frequency.Daily, ["everyday"] = Frequency.Daily,
        ["weekly"] = Frequency.Weekly, ["week"] = Frequency.Weekly,
        ["fortnightly"] = Frequency.Fortnightly, ["biweekly"] = Frequency.Fortnightly, ["everytwoweeks"] = Frequency.Fortnightly, ["twoweekly"] = Frequency.Fortnightly,
        ["monthly"] = Frequency.Monthly, ["month"] = Frequency.Monthly,
        ["quarterly"] = Frequency.Quarterly, ["quarter"] = Frequency.Quarterly,
        ["annual"] = Frequency.Annual, ["annually"] = Frequency.Annual, ["yearly"] = Frequency.Annual, ["year"] = Frequency.Annual,
        ["adhoc"] = Frequency.AdHoc, ["oneoff"] = Frequency.AdHoc, ["once"] = Frequency.AdHoc, ["asrequired"] = Frequency.AdHoc, ["asneeded"] = Frequency.AdHoc,
        ["asandwhen"] = Frequency.AdHoc, ["ondemand"] = Frequency.AdHoc, ["onrequest"] = Frequency.AdHoc, ["oneoffrequest"] = Frequency.AdHoc,
        ["fortnight"] = Frequency.Fortnightly, ["perweek"] = Frequency.Weekly, ["permonth"] = Frequency.Monthly, ["perquarter"] = Frequency.Quarterly, ["peryear"] = Frequency.Annual,
    };

    /// <summary>All frequencies in reporting order, most frequent first.</summary>
    public static IReadOnlyList<Frequency> All { get; } = Enum.GetValues<Frequency>();

    /// <summary>What a reader expects, for error messages.</summary>
    public const string Expected = "daily, weekly, fortnightly, monthly, quarterly, annual or ad hoc";

    /// <summary>Parses a frequency ignoring case, spaces, hyphens and underscores (<c>Ad-hoc</c>, <c>bi-weekly</c>, <c>Yearly</c>).</summary>
    public static bool TryParse(string? text, out Frequency frequency)
    {
        frequency = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                if (n == buffer.Length)
                {
                    return false;
                }
                buffer[n++] = char.ToLowerInvariant(c);
            }
            else if (!(char.IsWhiteSpace(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }
        return Aliases.TryGetValue(new string(buffer[..n]), out frequency);
    }

    /// <summary>The token used in JSON, storage and reports: <c>daily</c> … <c>ad_hoc</c>.</summary>
    public static string Token(this Frequency frequency) => frequency switch
    {
        Frequency.Daily => "daily",
        Frequency.Weekly => "weekly",
        Frequency.Fortnightly => "fortnightly",
        Frequency.Monthly => "monthly",
        Frequency.Quarterly => "quarterly",
        Frequency.Annual => "annual",
        Frequency.AdHoc => "ad_hoc",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    /// <summary>Parses a stored token written by <see cref="Token"/>.</summary>
    public static Frequency FromToken(string token) =>
        TryParse(token, out var f) ? f : throw new ArgumentException($"Unknown frequency token '{token}'", nameof(token));
}
