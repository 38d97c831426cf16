namespace Burden.Core.Common;

/// <summary>Agenda for Change pay bands as people type them: <c>6</c>, <c>Band 6</c>, <c>B8a</c>, <c>AfC 7</c>, <c>8A</c>.</summary>
/// <remarks>The bands are 2 to 9, with band 8 split into 8a, 8b, 8c and 8d (band 1 closed to new entrants in 2018 and is not accepted).</remarks>
public static class AgendaForChangeBand
{
    /// <summary>The bands, as <see cref="TryNormalise"/> returns them.</summary>
    public static IReadOnlyList<string> All { get; } = ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"];

    /// <summary>What a reader is told a band should look like.</summary>
    public const string Expected = "expected an Agenda for Change band: 2 to 9, or 8a to 8d, such as 6, Band 7 or B8a";

    /// <summary>The text with <c>band</c>, <c>afc</c> and a leading <c>b</c> taken away, lower-cased; null when blank.</summary>
    public static string? Simplify(string? band)
    {
        if (string.IsNullOrWhiteSpace(band))
        {
            return null;
        }
        var text = band.Trim().ToLowerInvariant().Replace("band", "", StringComparison.Ordinal).Replace("afc", "", StringComparison.Ordinal).Trim().TrimStart('b').Trim();
        text = text.Replace(" ", "", StringComparison.Ordinal);
        return text.Length == 0 ? null : text;
    }

    /// <summary>True when <paramref name="text"/> names a band; <paramref name="band"/> is then its short form (<c>8a</c>).</summary>
    public static bool TryNormalise(string? text, out string band)
    {
        var simple = Simplify(text);
        band = simple is not null && All.Contains(simple, StringComparer.Ordinal) ? simple : "";
        return band.Length > 0;
    }
}
