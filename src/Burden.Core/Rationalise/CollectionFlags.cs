using System.Text.RegularExpressions;

namespace Burden.Core.Rationalise;

/// <summary>What the flags need to know about a collection.</summary>
/// <param name="Purpose">Stated purpose.</param>
/// <param name="Consumer">Named consumer.</param>
/// <param name="Publication">Publication.</param>
/// <param name="LastUsed">Last known use.</param>
/// <param name="ApprovalRef">Approval reference.</param>
/// <param name="ApprovalExpiry">Approval expiry.</param>
public sealed record UsageFacts(string? Purpose, string? Consumer, string? Publication, DateOnly? LastUsed, string? ApprovalRef, DateOnly? ApprovalExpiry);

/// <summary>The unused and unapproved rules.</summary>
public static partial class CollectionFlags
{
    /// <summary>
    /// Unused: no stated purpose, consumer or publication, and no last use within <paramref name="graceDays"/> before
    /// <paramref name="asAt"/> (a missing last-used date counts as no recent use).
    /// </summary>
    public static bool IsUnused(UsageFacts facts, DateOnly asAt, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!string.IsNullOrWhiteSpace(facts.Purpose) || !string.IsNullOrWhiteSpace(facts.Consumer) || !string.IsNullOrWhiteSpace(facts.Publication))
        {
            return false;
        }
        return facts.LastUsed is not { } used || used < asAt.AddDays(-graceDays);
    }

    /// <summary>Unapproved: no approval reference of the DAPB/DCB kind (<c>DAPB1234</c>, <c>DCB2050</c>, also ROCR/ISB/SCCI), or one that expired before <paramref name="asAt"/>.</summary>
    public static bool IsUnapproved(UsageFacts facts, DateOnly asAt)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (string.IsNullOrWhiteSpace(facts.ApprovalRef) || !ApprovalPattern().IsMatch(facts.ApprovalRef))
        {
            return true;
        }
        return facts.ApprovalExpiry is { } expiry && expiry < asAt;
    }

    [GeneratedRegex(@"^\s*(DAPB|DCB|ROCR|ISB|SCCI)[\s\-_/]*\d+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ApprovalPattern();
}
