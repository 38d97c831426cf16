using Burden.Core.Catalogue;

namespace Burden.Core.Baselines;

/// <summary>A collection as frozen in a baseline.</summary>
public sealed record BaselineCollection
{
    /// <summary>Collection id.</summary>
    public required string Id { get; init; }
    /// <summary>Title.</summary>
    public required string Title { get; init; }
    /// <summary>Requester.</summary>
    public required string Requester { get; init; }
    /// <summary>Frequency.</summary>
    public required Frequency Frequency { get; init; }
    /// <summary>Normalised item keys, sorted, used to tell a program change from an adjustment.</summary>
    public required IReadOnlyList<string> ItemKeys { get; init; }
    /// <summary>Respondents.</summary>
    public required int Respondents { get; init; }
    /// <summary>Submissions per year.</summary>
    public required double SubmissionsPerYear { get; init; }
    /// <summary>Hours per year.</summary>
    public required double HoursPerYear { get; init; }
    /// <summary>Cost per year.</summary>
    public required double CostGbpPerYear { get; init; }
    /// <summary>Output-only flag.</summary>
    public required bool OutputOnly { get; init; }
    /// <summary>True when automatable.</summary>
    public required bool Automatable { get; init; }
}

/// <summary>A named, frozen set of collections and their annualised figures.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Period">Period label it was taken over, or null for everything.</param>
/// <param name="OrgCode">Organisation, or null for all.</param>
/// <param name="CreatedAt">When it was frozen.</param>
/// <param name="Collections">Collections.</param>
public sealed record BaselineSnapshot(string Name, string? Period, OrgCode? OrgCode, DateTimeOffset CreatedAt, IReadOnlyList<BaselineCollection> Collections);
