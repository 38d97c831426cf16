using Burden.Core.Catalogue;

namespace Burden.Core.Classification;

/// <summary>What classification takes from the settings file (see <c>docs/analysis-settings.md</c>).</summary>
public sealed record ClassificationSettings
{
    /// <summary>Per-item class overrides, keyed by item text (matched after normalisation): <c>item_classes</c>.</summary>
    public IReadOnlyDictionary<string, ItemClass> Overrides { get; init; } = new Dictionary<string, ItemClass>();
}
