namespace Burden.Core.Rationalise;

/// <summary>The one primary action suggested for a collection.</summary>
public enum Recommendation
{
    /// <summary>Nothing to change.</summary>
    Keep,
    /// <summary>Stop it: no stated purpose, consumer, publication or recent use.</summary>
    Retire,
    /// <summary>Fold it into its duplicate group's keeper.</summary>
    Merge,
    /// <summary>Take it from a national dataset that already flows automatically.</summary>
    Automate,
    /// <summary>Ask less often.</summary>
    ReduceFrequency,
    /// <summary>It measures only outputs: add outcome measures.</summary>
    AddOutcomes,
}

/// <summary>Tokens for <see cref="Recommendation"/> as written in JSON and reports.</summary>
public static class Recommendations
{
    /// <summary>The token: <c>keep</c>, <c>retire</c>, <c>merge</c>, <c>automate</c>, <c>reduce_frequency</c>, <c>add_outcomes</c>.</summary>
    public static string Token(this Recommendation recommendation) => recommendation switch
    {
        Recommendation.Keep => "keep",
        Recommendation.Retire => "retire",
        Recommendation.Merge => "merge",
        Recommendation.Automate => "automate",
        Recommendation.ReduceFrequency => "reduce_frequency",
        Recommendation.AddOutcomes => "add_outcomes",
        _ => throw new ArgumentOutOfRangeException(nameof(recommendation)),
    };
}
