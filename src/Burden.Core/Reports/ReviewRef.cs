using Burden.Core.Rationalise;

namespace Burden.Core.Reports;

/// <summary>The text in a report's <c>Review ref</c> column that ties a decision typed beside it to the subject and item sets shown.</summary>
/// <remarks>
/// A pair: <c>pair|A|B|itemsA|itemsB</c>; a recommendation: <c>rec|ID|action|items</c>. Ids are percent-escaped so a
/// <c>|</c> in a reference cannot shift the fields.
/// </remarks>
public static class ReviewRef
{
    /// <summary>The column header.</summary>
    public const string Header = "Review ref";

    /// <summary>The ref of a pair (ids in ordinal order).</summary>
    public static string ForPair(string a, string b, string versionA, string versionB)
    {
        var (first, second) = Review.ReviewKeys.Ordered(a, b);
        var (vFirst, vSecond) = first == a ? (versionA, versionB) : (versionB, versionA);
        return $"pair|{Uri.EscapeDataString(first)}|{Uri.EscapeDataString(second)}|{vFirst}|{vSecond}";
    }

    /// <summary>The ref of a collection's recommendation.</summary>
    public static string ForRecommendation(string id, Recommendation action, string version) =>
        $"rec|{Uri.EscapeDataString(id)}|{action.Token()}|{version}";

    /// <summary>Reads a ref; null when it is not one.</summary>
    public static ParsedReviewRef? Parse(string? text)
    {
        var parts = (text ?? "").Trim().Split('|');
        if (parts is ["pair", var a, var b, var va, var vb] && a.Length > 0 && b.Length > 0)
        {
            return new ParsedReviewRef(Review.ReviewSubject.Pair, Uri.UnescapeDataString(a), Uri.UnescapeDataString(b), null, va, vb);
        }
        if (parts is ["rec", var id, var action, var v] && id.Length > 0 && Recommendations.FromToken(action) is not null)
        {
            return new ParsedReviewRef(Review.ReviewSubject.Recommendation, Uri.UnescapeDataString(id), null, action, v, null);
        }
        return null;
    }
}

/// <summary>A review ref read back.</summary>
/// <param name="Subject">Pair or recommendation.</param>
/// <param name="CollectionA">The collection, or a pair's first id.</param>
/// <param name="CollectionB">A pair's second id.</param>
/// <param name="Action">The recommendation token shown.</param>
/// <param name="ItemsA">Item-set version of <paramref name="CollectionA"/> shown.</param>
/// <param name="ItemsB">Item-set version of <paramref name="CollectionB"/> shown.</param>
public sealed record ParsedReviewRef(Review.ReviewSubject Subject, string CollectionA, string? CollectionB, string? Action, string ItemsA, string? ItemsB);
