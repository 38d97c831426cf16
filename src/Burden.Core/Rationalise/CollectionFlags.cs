using System.Globalization;
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

/// <summary>What is known about whether a collection's answers are used.</summary>
public enum UseStatus
{
    /// <summary>A stated purpose, consumer or publication, or a use within the grace period.</summary>
    Used,
    /// <summary>Evidence of non-use: a last-used date older than the grace period.</summary>
    Unused,
    /// <summary>No purpose, consumer, publication or last-used date is recorded: nothing is known either way.</summary>
    Unknown,
}

/// <summary>How sure a recommendation is, from the facts it rests on.</summary>
public enum Confidence
{
    /// <summary>The facts say so directly (a stale last use with nothing claiming use; every item already asked for).</summary>
    High,
    /// <summary>The facts point that way but something could contradict it.</summary>
    Medium,
    /// <summary>A suggestion from the shape of the collection, or a question to ask.</summary>
    Low,
}

/// <summary>The use judgement with the facts it rests on.</summary>
/// <param name="Status">Used, unused or unknown.</param>
/// <param name="Evidence">The facts, in plain English.</param>
public sealed record UseAssessment(UseStatus Status, IReadOnlyList<string> Evidence);

/// <summary>The unused and unapproved rules.</summary>
/// <remarks>
/// Absence is not evidence: a request log with no purpose column says nothing about use. Unused needs a last-used date
/// older than the grace period; a collection with no purpose, consumer, publication or last-used date is of unknown use.
/// </remarks>
public static partial class CollectionFlags
{
    /// <summary>
    /// Unused: a last-used date more than <paramref name="graceDays"/> before <paramref name="asAt"/>. A missing date is
    /// not evidence of non-use.
    /// </summary>
    public static bool IsUnused(UsageFacts facts, DateOnly asAt, int graceDays) => Assess(facts, asAt, graceDays).Status == UseStatus.Unused;

    /// <summary>Judges use from the recorded facts, listing them.</summary>
    /// <remarks>
    /// A stale last use wins over a stated purpose or consumer (a named consumer who has not read it within the grace
    /// period is not using it); the stated facts are listed beside it so the reviewer sees both.
    /// </remarks>
    public static UseAssessment Assess(UsageFacts facts, DateOnly asAt, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var evidence = new List<string>();
        if (!string.IsNullOrWhiteSpace(facts.Purpose)) { evidence.Add($"purpose stated: {facts.Purpose.Trim()}"); }
        if (!string.IsNullOrWhiteSpace(facts.Consumer)) { evidence.Add($"consumer named: {facts.Consumer.Trim()}"); }
        if (!string.IsNullOrWhiteSpace(facts.Publication)) { evidence.Add($"published: {facts.Publication.Trim()}"); }
        if (facts.LastUsed is { } used)
        {
            var days = asAt.DayNumber - used.DayNumber;
            var date = used.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (days > graceDays)
            {
                evidence.Insert(0, string.Create(CultureInfo.InvariantCulture, $"last used {date}, {days} days before {asAt:yyyy-MM-dd} (more than the {graceDays}-day grace period)"));
                if (string.IsNullOrWhiteSpace(facts.Consumer)) { evidence.Add("no consumer named"); }
                return new UseAssessment(UseStatus.Unused, evidence);
            }
            evidence.Add(string.Create(CultureInfo.InvariantCulture, $"last used {date}, within the {graceDays}-day grace period"));
            return new UseAssessment(UseStatus.Used, evidence);
        }
        if (evidence.Count > 0)
        {
            return new UseAssessment(UseStatus.Used, evidence);
        }
        return new UseAssessment(UseStatus.Unknown, ["no purpose, consumer, publication or last-used date is recorded"]);
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
