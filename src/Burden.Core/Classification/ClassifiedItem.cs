using Burden.Core.Catalogue;

namespace Burden.Core.Classification;

/// <summary>A data item and what it measures.</summary>
/// <param name="Name">The item as given.</param>
/// <param name="Class">What it measures.</param>
/// <param name="ClassSource">Where the class came from: <c>input</c> (given in the file), <c>override</c>, <c>rule:NAME</c>, <c>model:NAME</c> (the learned layer) or <c>default</c>.</param>
/// <param name="Confidence">When the learned layer decided, the model's probability for the class (0..1); otherwise null.</param>
public sealed record ClassifiedItem(string Name, ItemClass Class, string ClassSource, double? Confidence = null)
{
    /// <summary>How the class was decided: <c>explicit</c> (marked in the item), <c>override</c>, <c>rule</c>, <c>model</c> or <c>default</c>.</summary>
    public string DecidedBy => ClassSource switch
    {
        "input" => "explicit",
        "override" => "override",
        _ when ClassSource.StartsWith("rule:", StringComparison.Ordinal) => "rule",
        _ when ClassSource.StartsWith("model:", StringComparison.Ordinal) => "model",
        _ => "default",
    };
}
