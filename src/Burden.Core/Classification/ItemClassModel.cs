using System.Globalization;
using System.Numerics;
using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Core.Classification;

/// <summary>The learned layer of item classification: multinomial logistic regression over sentence embeddings.</summary>
/// <remarks>
/// It classes only the items no explicit marker, override or taxonomy rule settles. Its weights were learned from the
/// labelled measure names in <c>tests/Burden.Core.Tests/Classification/labelled-measures.csv</c> with one embedding
/// model, named in the file; vectors from any other model mean nothing to it. The shipped weights are an embedded
/// reference file (<c>src/Burden.Core/Reference/item-class-model.txt</c>) written by <c>burden classify train</c>, so
/// nothing is trained or fetched at run time. Training is deterministic: the same vectors and labels give the same weights.
/// </remarks>
public sealed class ItemClassModel
{
    private static readonly ItemClass[] Classes = Enum.GetValues<ItemClass>();

    private readonly float[][] _weights;
    private readonly float[] _bias;

    private ItemClassModel(string modelName, string modelVersion, string trainedOn, float[][] weights, float[] bias)
    {
        ModelName = modelName;
        ModelVersion = modelVersion;
        TrainedOn = trainedOn;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>The embedding model whose vectors these weights read, for example <c>all-MiniLM-L6-v2</c>.</summary>
    public string ModelName { get; }

    /// <summary>That model's version.</summary>
    public string ModelVersion { get; }

    /// <summary>What it was trained on: the labelled file, its row count and content hash.</summary>
    public string TrainedOn { get; }

    /// <summary>The length of the vectors it reads.</summary>
    public int Dimensions => _weights[0].Length;

    /// <summary>The most probable class for a unit vector, and its probability (0..1).</summary>
    public (ItemClass Class, double Confidence) Predict(ReadOnlySpan<float> vector)
    {
        var p = Probabilities(vector);
        var best = 0;
        for (var k = 1; k < p.Length; k++)
        {
            if (p[k] > p[best])
            {
                best = k;
            }
        }
        return (Classes[best], p[best]);
    }

    /// <summary>The probability of each class (in <see cref="ItemClass"/> order) for a unit vector.</summary>
    /// <exception cref="ArgumentException">The vector's length is not <see cref="Dimensions"/>.</exception>
    public double[] Probabilities(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"expected a vector of {Dimensions} values, got {vector.Length}", nameof(vector));
        }
        var scores = new double[Classes.Length];
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = _bias[k] + Dot(_weights[k], vector);
        }
        return Softmax(scores);
    }

    /// <summary>Learns weights from unit vectors and their labels, each class weighted by the inverse of its frequency.</summary>
    /// <param name="vectors">One vector per labelled text, all of one length.</param>
    /// <param name="labels">The label of each vector.</param>
    /// <param name="modelName">The embedding model the vectors came from.</param>
    /// <param name="modelVersion">Its version.</param>
    /// <param name="trainedOn">A note naming the training data.</param>
    /// <remarks>
    /// Full-batch gradient descent on the class-weighted cross-entropy with an L2 penalty, a fixed number of steps from
    /// zero weights: no randomness, so the result depends only on the data. Weighting classes equally aims the model at
    /// balanced accuracy rather than at the most common class.
    /// </remarks>
    public static ItemClassModel Train(IReadOnlyList<float[]> vectors, IReadOnlyList<ItemClass> labels, string modelName, string modelVersion, string trainedOn)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(labels);
        if (vectors.Count == 0 || vectors.Count != labels.Count)
        {
            throw new ArgumentException("need one label per vector and at least one vector", nameof(labels));
        }
        const int Steps = 400;
        const float Rate = 2.0f;
        const float L2 = 1e-4f;
        var n = vectors.Count;
        var d = vectors[0].Length;
        var k = Classes.Length;
        var counts = new int[k];
        foreach (var l in labels)
        {
            counts[(int)l]++;
        }
        var present = counts.Count(c => c > 0);
        var sampleWeight = labels.Select(l => (double)n / (present * counts[(int)l])).ToArray();
        var totalWeight = sampleWeight.Sum();
        var w = new float[k][];
        var gradW = new float[k][];
        for (var c = 0; c < k; c++)
        {
            w[c] = new float[d];
            gradW[c] = new float[d];
        }
        var b = new double[k];
        var scores = new double[k];
        var gradB = new double[k];
        for (var step = 0; step < Steps; step++)
        {
            foreach (var g in gradW)
            {
                Array.Clear(g);
            }
            Array.Clear(gradB);
            for (var i = 0; i < n; i++)
            {
                var x = vectors[i];
                for (var c = 0; c < k; c++)
                {
                    scores[c] = b[c] + Dot(w[c], x);
                }
                var p = Softmax(scores);
                for (var c = 0; c < k; c++)
                {
                    var g = sampleWeight[i] * (p[c] - (c == (int)labels[i] ? 1 : 0)) / totalWeight;
                    gradB[c] += g;
                    AddScaled(gradW[c], x, (float)g);
                }
            }
            for (var c = 0; c < k; c++)
            {
                b[c] -= Rate * gradB[c];
                var wc = w[c];
                AddScaled(wc, wc, -Rate * L2);
                AddScaled(wc, gradW[c], -Rate);
            }
        }
        var weights = w;
        return new ItemClassModel(modelName, modelVersion, trainedOn, weights, [.. b.Select(x => (float)x)]);
    }

    /// <summary>Writes the model as a reference file: header lines, then one line of weights per class.</summary>
    public string Write()
    {
        var sb = new StringBuilder();
        sb.Append("# version: item-class-model-").Append(ModelName).Append('-').Append(TrainedOnHash()).Append('\n');
        sb.Append("# Learned layer of item classification (multinomial logistic regression over sentence embeddings).\n");
        sb.Append("# Written by 'burden classify train'; do not edit by hand. One line per class: class: bias w1 w2 ...\n");
        sb.Append("model: ").Append(ModelName).Append('\n');
        sb.Append("model_version: ").Append(ModelVersion).Append('\n');
        sb.Append("trained_on: ").Append(TrainedOn).Append('\n');
        for (var c = 0; c < Classes.Length; c++)
        {
            sb.Append(Classes[c].Token()).Append(": ").Append(_bias[c].ToString("R", CultureInfo.InvariantCulture));
            foreach (var v in _weights[c])
            {
                sb.Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Reads a model written by <see cref="Write"/>.</summary>
    /// <exception cref="BurdenException">A line is malformed, naming the file and line.</exception>
    public static ItemClassModel Parse(string name, string text)
    {
        var file = ReferenceFile.Read(name, text);
        string? model = null, version = null, trainedOn = null;
        var weights = new float[Classes.Length][];
        var bias = new float[Classes.Length];
        foreach (var line in file.Lines)
        {
            var colon = line.Text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new BurdenException($"{line.Where}: expected 'key: value'");
            }
            var key = line.Text[..colon].Trim();
            var value = line.Text[(colon + 1)..].Trim();
            switch (key)
            {
                case "model": model = value; break;
                case "model_version": version = value; break;
                case "trained_on": trainedOn = value; break;
                default:
                    if (!ItemClasses.TryParse(key, out var c))
                    {
                        throw new BurdenException($"{line.Where}: '{key}' is not model, model_version, trained_on or a class");
                    }
                    var numbers = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var parsed = new float[numbers.Length];
                    for (var i = 0; i < numbers.Length; i++)
                    {
                        if (!float.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i]))
                        {
                            throw new BurdenException($"{line.Where}: value {i + 1} '{numbers[i]}' is not a number");
                        }
                    }
                    if (parsed.Length < 2)
                    {
                        throw new BurdenException($"{line.Where}: expected a bias and weights");
                    }
                    bias[(int)c] = parsed[0];
                    weights[(int)c] = parsed[1..];
                    break;
            }
        }
        if (model is null || version is null || weights.Any(w => w is null))
        {
            throw new BurdenException($"{name}: expected model, model_version and one weights line per class (input, process, output, outcome)");
        }
        if (weights.Any(w => w.Length != weights[0].Length))
        {
            throw new BurdenException($"{name}: the classes' weight lines differ in length");
        }
        return new ItemClassModel(model, version, trainedOn ?? "", weights, bias);
    }

    private string TrainedOnHash()
    {
        var at = TrainedOn.LastIndexOf("sha256 ", StringComparison.Ordinal);
        return at < 0 ? "untracked" : TrainedOn[(at + 7)..].Split(' ')[0][..Math.Min(12, TrainedOn[(at + 7)..].Split(' ')[0].Length)];
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }
        double total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }
        return total;
    }

    /// <summary>target += scale × source, element by element.</summary>
    private static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float scale)
    {
        var i = 0;
        for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(target[i..]) + new Vector<float>(source[i..]) * scale).CopyTo(target[i..]);
        }
        for (; i < target.Length; i++)
        {
            target[i] += source[i] * scale;
        }
    }

    private static double[] Softmax(double[] scores)
    {
        var max = scores.Max();
        var p = new double[scores.Length];
        double sum = 0;
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = Math.Exp(scores[c] - max);
            sum += p[c];
        }
        for (var c = 0; c < p.Length; c++)
        {
            p[c] /= sum;
        }
        return p;
    }
}
