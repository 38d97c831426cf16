using Burden.Core.Meaning;

namespace Burden.Core.Tests.Classification;

/// <summary>A small deterministic encoder for tests where the model is not the point: one dimension per known word.</summary>
internal sealed class WordEncoder(params string[] words) : ITextEncoder
{
    public string ModelName => "test-words";

    public string ModelVersion => "1";

    public int Dimensions => words.Length + 1;

    public List<string> Encoded { get; } = [];

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        Encoded.AddRange(texts);
        return [.. texts.Select(Vector)];
    }

    private float[] Vector(string text)
    {
        var v = new float[Dimensions];
        var tokens = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            v[i] = tokens.Contains(words[i]) ? 1 : 0;
        }
        v[^1] = 1;
        var norm = (float)Math.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }
}
