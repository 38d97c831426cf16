using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Core.Rationalise;

/// <summary>What the flags and recommendations take from the settings file (see <c>docs/analysis-settings.md</c>).</summary>
public sealed record RationaliseSettings
{
    /// <summary>Share of a collection's items a dataset must carry for the collection to be flagged automatable: <c>automatable_coverage</c>.</summary>
    public double AutomatableCoverage { get; init; } = 0.8;

    /// <summary>Days without use after which a collection with no purpose, consumer or publication counts as unused: <c>unused_grace_days</c>.</summary>
    public int UnusedGraceDays { get; init; } = 365;

    /// <summary>Frequency an input-only collection asked more often should drop to (<c>reduce_frequency</c>): <c>reduced_frequency</c>.</summary>
    public Frequency ReducedFrequency { get; init; } = Frequency.Monthly;

    /// <summary>Checks ranges; throws <see cref="BurdenException"/> naming the setting.</summary>
    public void Validate(string sourceName = "settings")
    {
        if (UnusedGraceDays < 0)
        {
            throw new BurdenException($"{sourceName}: unused_grace_days must not be negative");
        }
    }
}
