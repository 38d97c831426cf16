namespace Burden.Core.Review;

/// <summary>Precision of the duplicate detector and agreement with the recommendations, read off the latest decision on each subject.</summary>
/// <param name="PairsConfirmed">Pairs confirmed.</param>
/// <param name="PairsDismissed">Pairs marked not a duplicate.</param>
/// <param name="ByAction">Per recommendation token: agreed, rejected, deferred.</param>
public sealed record ReviewStats(int PairsConfirmed, int PairsDismissed, IReadOnlyDictionary<string, ActionAgreement> ByAction)
{
    /// <summary>No decisions.</summary>
    public static ReviewStats Empty { get; } = new(0, 0, new Dictionary<string, ActionAgreement>());

    /// <summary>Confirmed / (confirmed + dismissed): the detector's precision at its threshold, or null before any pair is decided.</summary>
    public double? Precision => PairsConfirmed + PairsDismissed == 0 ? null : (double)PairsConfirmed / (PairsConfirmed + PairsDismissed);
}

/// <summary>Decisions on one kind of recommendation.</summary>
/// <param name="Agreed">Agreed.</param>
/// <param name="Rejected">Rejected.</param>
/// <param name="Deferred">Deferred.</param>
public sealed record ActionAgreement(int Agreed, int Rejected, int Deferred)
{
    /// <summary>Agreed / all decided, or null when none.</summary>
    public double? ShareAgreed => Agreed + Rejected + Deferred == 0 ? null : (double)Agreed / (Agreed + Rejected + Deferred);
}

/// <summary>An agreed retire or merge, followed up against the current period.</summary>
/// <param name="Id">Collection id.</param>
/// <param name="Title">Title (from the current period, else the baseline).</param>
/// <param name="Action">The agreed action token (<c>retire</c>, <c>merge</c>).</param>
/// <param name="By">Who agreed.</param>
/// <param name="At">When.</param>
/// <param name="StillCollected">True when the collection is still in the current period.</param>
public sealed record AgreedFollowUp(string Id, string Title, string Action, string By, DateTimeOffset At, bool StillCollected);
