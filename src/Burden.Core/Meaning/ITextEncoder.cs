namespace Burden.Core.Meaning;

/// <summary>The port through which the analysis asks for the meaning of texts: one vector per text.</summary>
/// <remarks>
/// Vectors are unit length, so the dot product of two is their cosine similarity (1 = same meaning). The model behind
/// the port (an ONNX sentence encoder at the edge, or a small deterministic encoder in tests) is named by
/// <see cref="ModelName"/> and <see cref="ModelVersion"/>, so that cached vectors of one model are never read as another's.
/// </remarks>
public interface ITextEncoder
{
    /// <summary>The model's name, for example <c>all-MiniLM-L6-v2</c>.</summary>
    string ModelName { get; }

    /// <summary>The model's version: that of the package that ships it.</summary>
    string ModelVersion { get; }

    /// <summary>The length of every vector this encoder returns.</summary>
    int Dimensions { get; }

    /// <summary>Encodes <paramref name="texts"/>, in order: one unit-length vector of <see cref="Dimensions"/> per text.</summary>
    /// <param name="texts">The texts; callers batch them (a few hundred at a time is efficient).</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
