namespace Burden.Core.Rationalise;

/// <summary>The one primary action suggested for a collection.</summary>
public enum Recommendation
{
    /// <summary>Nothing to change.</summary>
    Keep,
    /// <summary>Stop it: its last use is older than the grace period.</summary>
    Retire,
    /// <summary>Fold it into its duplicate group's keeper.</summary>
    Merge,
    /// <summary>Take it from a national dataset that already flows automatically.</summary>
    Automate,
    /// <summary>Ask less often.</summary>
    ReduceFrequency,
    /// <summary>It measures only outputs: add outcome measures.</summary>
    AddOutcomes,
    /// <summary>Nothing records whether it is used: ask the requester for its purpose before counting any saving.</summary>
    ConfirmPurpose,
}

/// <summary>Tokens for <see cref="Recommendation"/> as written in JSON and reports.</summary>
public static class Recommendations
{
    /// <summary>The token: <c>keep</c>, <c>retire</c>, <c>merge</c>, <c>automate</c>, <c>reduce_frequency</c>, <c>add_outcomes</c>, <c>confirm_purpose</c>.</summary>
    public static string Token(this Recommendation recommendation) => recommendation switch
    {
        Recommendation.Keep => "keep",
        Recommendation.Retire => "retire",
        Recommendation.Merge => "merge",
        Recommendation.Automate => "automate",
        Recommendation.ReduceFrequency => "reduce_frequency",
        Recommendation.AddOutcomes => "add_outcomes",
        Recommendation.ConfirmPurpose => "confirm_purpose",
        _ => throw new ArgumentOutOfRangeException(nameof(recommendation)),
    };

    /// <summary>The recommendation a token names, or null.</summary>
    public static Recommendation? FromToken(string? token) =>
        Enum.GetValues<Recommendation>().Cast<Recommendation?>().FirstOrDefault(r => string.Equals(r!.Value.Token(), token?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The token: <c>high</c>, <c>medium</c>, <c>low</c>.</summary>
    public static string Token(this Confidence confidence) => confidence switch
    {
        Confidence.High => "high",
        Confidence.Medium => "medium",
        Confidence.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(confidence)),
    };

    /// <summary>The token: <c>used</c>, <c>unused</c>, <c>unknown</c>.</summary>
    public static string Token(this UseStatus use) => use switch
    {
        UseStatus.Used => "used",
        UseStatus.Unused => "unused",
        UseStatus.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(use)),
    };
}
