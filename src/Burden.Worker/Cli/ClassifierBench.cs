using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Burden.Core.Analysis;
using Burden.Core.Classification;
using Burden.Core.Common;
using Burden.Core.Meaning;

namespace Burden.Worker.Cli;

/// <summary>Reads the labelled measure set, embeds it and runs leave-one-source-out validation or training.</summary>
internal static class ClassifierBench
{
    /// <summary>Where the labelled set lives in the repository.</summary>
    public static readonly string[] LabelledPathInRepo = ["tests", "Burden.Core.Tests", "Classification", "labelled-measures.csv"];

    /// <summary>The labelled file: the one given, else the repository's found from the current directory upwards.</summary>
    public static string ResolveLabelled(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return File.Exists(given) ? given : throw new BurdenException($"labelled set '{given}' does not exist");
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, .. LabelledPathInRepo]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new BurdenException($"no labelled set given and {string.Join('/', LabelledPathInRepo)} not found above {Directory.GetCurrentDirectory()} (use --labelled PATH)");
    }

    public static (IReadOnlyList<LabelledMeasure> Measures, string Text) Read(string path)
    {
        var text = File.ReadAllText(path);
        return (LabelledMeasures.Parse(Path.GetFileName(path), text), text);
    }

    /// <summary>A note naming the training data by file name, rows and content hash (line endings ignored).</summary>
    public static string TrainedOn(string path, string text, int rows) =>
        string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} {rows} rows sha256 {Hash(text)}");

    public static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal))));

    public static ItemClassModel Train(IReadOnlyList<LabelledMeasure> measures, ITextEncoder encoder, string trainedOn)
    {
        var vectors = encoder.Encode([.. measures.Select(m => m.Name)]);
        return ItemClassModel.Train(vectors, [.. measures.Select(m => m.Class)], encoder.ModelName, encoder.ModelVersion, trainedOn);
    }

    public static IReadOnlyList<SourceScores> Evaluate(IReadOnlyList<LabelledMeasure> measures, ITextEncoder encoder, Taxonomy? taxonomy = null)
    {
        var vectors = encoder.Encode([.. measures.Select(m => m.Name)]);
        return ClassifierEvaluation.LeaveOneSourceOut(measures, vectors, taxonomy ?? AnalysisReference.Shipped.Taxonomy, encoder.ModelName, encoder.ModelVersion);
    }

    public static IEnumerable<string> Table(IReadOnlyList<SourceScores> scores, string modelName)
    {
        var inv = CultureInfo.InvariantCulture;
        yield return $"Leave-one-source-out, outcome against not outcome (model {modelName}); balanced accuracy (outcome recall / other recall)";
        yield return string.Create(inv, $"{"held-out source",-44} {"n",4} {"outc",4}  {"rules alone",-20} {"model alone",-20} {"rules + model",-20} {"4-class acc",11}");
        foreach (var s in scores)
        {
            yield return string.Create(inv, $"{(s.Source == "all" ? "ALL (pooled)" : s.Source),-44} {s.Combined.Measures,4} {s.Combined.Outcomes,4}  {Cell(s.Rules),-20} {Cell(s.Model),-20} {Cell(s.Combined),-20} {s.ClassAccuracy,11:0.000}");
        }
    }

    private static string Cell(OutcomeScore s) => string.Create(CultureInfo.InvariantCulture,
        $"{(s.BalancedAccuracy is { } b ? b.ToString("0.000", CultureInfo.InvariantCulture) : "  -  ")} ({(s.OutcomeRecall is { } o ? o.ToString("0.00", CultureInfo.InvariantCulture) : " - ")}/{(s.OtherRecall is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : " - ")})");
}
