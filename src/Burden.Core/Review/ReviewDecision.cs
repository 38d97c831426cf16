using System.Security.Cryptography;
using System.Text;
using Burden.Core.Catalogue;

namespace Burden.Core.Review;

/// <summary>What a reviewer decided.</summary>
public enum ReviewVerdict
{
    /// <summary>A duplicate pair really asks for the same figures.</summary>
    Confirmed,
    /// <summary>A duplicate pair is a false alarm.</summary>
    NotDuplicate,
    /// <summary>A recommendation is agreed.</summary>
    Agreed,
    /// <summary>A recommendation is rejected.</summary>
    Rejected,
    /// <summary>A recommendation is put off for later.</summary>
    Deferred,
}

/// <summary>What a decision is about.</summary>
public enum ReviewSubject
{
    /// <summary>A duplicate pair (two collections).</summary>
    Pair,
    /// <summary>A collection's recommendation.</summary>
    Recommendation,
}

/// <summary>A decision as shown on a pair or collection: who, when, what, and whether the items changed since.</summary>
/// <param name="Decision">The verdict.</param>
/// <param name="By">Who decided.</param>
/// <param name="At">When.</param>
/// <param name="Note">The reviewer's note, or null.</param>
/// <param name="Stale">True when either collection's items (or the recommended action) changed since: it needs another look and has no effect.</param>
public sealed record ReviewMark(ReviewVerdict Decision, string By, DateTimeOffset At, string? Note, bool Stale)
{
    /// <summary>True when the decision still applies (not stale).</summary>
    public bool Live => !Stale;
}

/// <summary>A decision to record: on a pair (<see cref="CollectionB"/> set) or on a recommendation (<see cref="Action"/> set).</summary>
/// <param name="Subject">Pair or recommendation.</param>
/// <param name="CollectionA">The collection (a pair's first id, ordinal order).</param>
/// <param name="CollectionB">A pair's second id, else null.</param>
/// <param name="Action">The recommendation token decided on, else null.</param>
/// <param name="Decision">The verdict.</param>
/// <param name="ItemsA">Version of <paramref name="CollectionA"/>'s item set the decision was made on (<see cref="ReviewKeys.ItemsVersion"/>).</param>
/// <param name="ItemsB">Version of <paramref name="CollectionB"/>'s item set, else null.</param>
/// <param name="OrgCode">Organisation of the analysis it was made on, or null for all.</param>
/// <param name="Period">Period label of the analysis it was made on, or null.</param>
/// <param name="By">Reviewer.</param>
/// <param name="At">When.</param>
/// <param name="Note">Note, or null.</param>
public sealed record NewReviewDecision(
    ReviewSubject Subject, string CollectionA, string? CollectionB, string? Action, ReviewVerdict Decision, string ItemsA, string? ItemsB,
    OrgCode? OrgCode, string? Period, string By, DateTimeOffset At, string? Note);

/// <summary>A stored decision: a <see cref="NewReviewDecision"/> with its id (decisions are append-only; the latest per subject counts).</summary>
/// <param name="Id">Id, increasing in the order recorded.</param>
/// <param name="Decision">What was recorded.</param>
public sealed record StoredReviewDecision(long Id, NewReviewDecision Decision);

/// <summary>Tokens, labels and keys for decisions.</summary>
public static class ReviewKeys
{
    /// <summary>The snake-case token: <c>confirmed</c>, <c>not_duplicate</c>, <c>agreed</c>, <c>rejected</c>, <c>deferred</c>.</summary>
    public static string Token(this ReviewVerdict verdict) => verdict switch
    {
        ReviewVerdict.Confirmed => "confirmed",
        ReviewVerdict.NotDuplicate => "not_duplicate",
        ReviewVerdict.Agreed => "agreed",
        ReviewVerdict.Rejected => "rejected",
        ReviewVerdict.Deferred => "deferred",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    /// <summary>As people read it: <c>confirmed</c>, <c>not a duplicate</c>, <c>agreed</c>, <c>rejected</c>, <c>deferred</c>.</summary>
    public static string Label(this ReviewVerdict verdict) => verdict == ReviewVerdict.NotDuplicate ? "not a duplicate" : verdict.Token();

    /// <summary>The token of a subject: <c>pair</c> or <c>recommendation</c>.</summary>
    public static string Token(this ReviewSubject subject) => subject == ReviewSubject.Pair ? "pair" : "recommendation";

    /// <summary>The verdicts allowed on a subject.</summary>
    public static IReadOnlyList<ReviewVerdict> Allowed(ReviewSubject subject) => subject == ReviewSubject.Pair
        ? [ReviewVerdict.Confirmed, ReviewVerdict.NotDuplicate]
        : [ReviewVerdict.Agreed, ReviewVerdict.Rejected, ReviewVerdict.Deferred];

    /// <summary>Reads a verdict allowed on <paramref name="subject"/> from its label or token (any case, spaces or underscores); null when it is not one.</summary>
    public static ReviewVerdict? Parse(ReviewSubject subject, string? text)
    {
        var t = string.Join(' ', (text ?? "").Replace('_', ' ').Replace('-', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        if (t == "not duplicate") { t = "not a duplicate"; }
        foreach (var v in Allowed(subject))
        {
            if (t == v.Label())
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>Reads any verdict token (<c>not_duplicate</c>); null when unknown.</summary>
    public static ReviewVerdict? FromToken(string? token) =>
        Enum.GetValues<ReviewVerdict>().Cast<ReviewVerdict?>().FirstOrDefault(v => v!.Value.Token() == token);

    /// <summary>A version of an item set: the first 12 hex digits of the SHA-256 of its normalised keys, sorted and joined.</summary>
    /// <remarks>Changes whenever an item is added, removed or reworded beyond normalisation; the same items in another order or case give the same version.</remarks>
    public static string ItemsVersion(IEnumerable<string> itemKeys)
    {
        ArgumentNullException.ThrowIfNull(itemKeys);
        var joined = string.Join('\n', itemKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..12];
    }

    /// <summary>A pair's two ids in ordinal order.</summary>
    public static (string First, string Second) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
