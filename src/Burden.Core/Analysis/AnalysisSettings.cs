using System.Globalization;
using System.Text.Json;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Classification;
using Burden.Core.Costing;
using Burden.Core.Duplicates;
using Burden.Core.Rationalise;

namespace Burden.Core.Analysis;

/// <summary>Rates, factors, thresholds and reference-file choices for the analysis, with documented defaults (see <c>docs/analysis-settings.md</c>).</summary>
/// <remarks>Each capability owns its part (<see cref="CostingSettings"/>, <see cref="ClassificationSettings"/>, <see cref="DuplicateSettings"/>, <see cref="RationaliseSettings"/>); the settings file stays one flat document and is read here, once.</remarks>
public sealed record AnalysisSettings
{
    /// <summary>Rates, on-costs and default hours: the part costing owns.</summary>
    public CostingSettings Costing { get; init; } = new();

    /// <summary>Per-item class overrides: the part classification owns.</summary>
    public ClassificationSettings Classification { get; init; } = new();

    /// <summary>Containment, shared-item and item-similarity thresholds: the part duplicate detection owns.</summary>
    public DuplicateSettings Duplicates { get; init; } = new();

    /// <summary>Automatable coverage, the unused grace period and the reduced frequency: the part rationalisation owns.</summary>
    public RationaliseSettings Rationalise { get; init; } = new();

    /// <summary>The sentence-embedding model used to match items by meaning; <c>none</c> matches on canonical keys only.</summary>
    /// <remarks>The analysis's own choice: one encoder feeds both the learned layer of classification and duplicate matching.</remarks>
    public string EmbeddingModel { get; init; } = DefaultEmbeddingModel;

    /// <summary>The model chosen on the labelled item pairs.</summary>
    public const string DefaultEmbeddingModel = "all-MiniLM-L6-v2";

    /// <summary>A user taxonomy file whose rules are tried before the shipped ones; null for the shipped rules only.</summary>
    public string? TaxonomyFile { get; init; }

    /// <summary>A user file of automated datasets added to the shipped list; null for none.</summary>
    public string? DatasetsFile { get; init; }

    /// <summary>A user synonyms file added to the shipped list; null for none.</summary>
    public string? SynonymsFile { get; init; }

    /// <summary>A user measure-vocabulary file read after the shipped one; null for none.</summary>
    public string? VocabularyFile { get; init; }

    /// <summary>Reads a settings JSON document (snake_case keys, all optional) over the defaults.</summary>
    /// <param name="json">The document text.</param>
    /// <param name="sourceName">File name for error messages.</param>
    /// <exception cref="BurdenException">The document is not valid or a value is out of range.</exception>
    public static AnalysisSettings FromJson(string json, string sourceName = "settings")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new BurdenException($"{sourceName}: not valid JSON at line {e.LineNumber + 1}: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new BurdenException($"{sourceName}: expected a JSON object");
            }
            var s = new AnalysisSettings();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                s = p.Name switch
                {
                    "band_rates" => s with { Costing = s.Costing with { BandRates = ReadMap(p, sourceName, v => Number(v, p.Name, sourceName), k => AgendaForChangeBand.Simplify(k) ?? k) } },
                    "default_band" => s with { Costing = s.Costing with { DefaultBand = AgendaForChangeBand.Simplify(Text(p.Value, p.Name, sourceName)) ?? "6" } },
                    "on_cost_factor" => s with { Costing = s.Costing with { OnCostFactor = Number(p.Value, p.Name, sourceName) } },
                    "daily_uses_working_days" => s with { Costing = s.Costing with { DailyUsesWorkingDays = Bool(p.Value, p.Name, sourceName) } },
                    "working_days_per_year" => s with { Costing = s.Costing with { WorkingDaysPerYear = (int)Number(p.Value, p.Name, sourceName) } },
                    "default_hours" => s with { Costing = s.Costing with { DefaultHours = ReadFrequencyMap(p, sourceName, s.Costing.DefaultHours) } },
                    "duplicate_containment_threshold" => s with { Duplicates = s.Duplicates with { ContainmentThreshold = (double)Number(p.Value, p.Name, sourceName) } },
                    "duplicate_min_shared_items" => s with { Duplicates = s.Duplicates with { MinSharedItems = (int)Number(p.Value, p.Name, sourceName) } },
                    "item_similarity_threshold" => s with { Duplicates = s.Duplicates with { ItemSimilarityThreshold = (double)Number(p.Value, p.Name, sourceName) } },
                    "automatable_coverage" => s with { Rationalise = s.Rationalise with { AutomatableCoverage = (double)Number(p.Value, p.Name, sourceName) } },
                    "unused_grace_days" => s with { Rationalise = s.Rationalise with { UnusedGraceDays = (int)Number(p.Value, p.Name, sourceName) } },
                    "reduced_frequency" => s with { Rationalise = s.Rationalise with { ReducedFrequency = Frequencies.TryParse(Text(p.Value, p.Name, sourceName), out var f) ? f : throw new BurdenException($"{sourceName}: reduced_frequency: expected {Frequencies.Expected}") } },
                    "item_classes" => s with { Classification = s.Classification with { Overrides = ReadMap(p, sourceName, v => ItemClasses.TryParse(Text(v, p.Name, sourceName), out var c) ? c : throw new BurdenException($"{sourceName}: item_classes: '{v}' is not a class (expected input, process, output or outcome)"), k => k) } },
                    "taxonomy_file" => s with { TaxonomyFile = Text(p.Value, p.Name, sourceName) },
                    "datasets_file" => s with { DatasetsFile = Text(p.Value, p.Name, sourceName) },
                    "synonyms_file" => s with { SynonymsFile = Text(p.Value, p.Name, sourceName) },
                    "vocabulary_file" => s with { VocabularyFile = Text(p.Value, p.Name, sourceName) },
                    "embedding_model" => s with { EmbeddingModel = Text(p.Value, p.Name, sourceName) },
                    _ => throw new BurdenException($"{sourceName}: unknown setting '{p.Name}' (see docs/analysis-settings.md)"),
                };
            }
            s.Validate(sourceName);
            return s;
        }
    }

    /// <summary>Reads a settings JSON file over the defaults; relative reference-file paths in it are taken from the file's folder.</summary>
    /// <exception cref="BurdenException">The file is missing, unreadable or invalid.</exception>
    public static AnalysisSettings FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new BurdenException($"settings file '{path}' does not exist");
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new BurdenException($"settings file '{path}' cannot be read: {e.Message}", e);
        }
        var s = FromJson(text, Path.GetFileName(path));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? file) => file is null ? null : Path.GetFullPath(file, folder);
        return s with { TaxonomyFile = Resolve(s.TaxonomyFile), DatasetsFile = Resolve(s.DatasetsFile), SynonymsFile = Resolve(s.SynonymsFile), VocabularyFile = Resolve(s.VocabularyFile) };
    }

    /// <summary>Checks each capability's ranges; throws <see cref="BurdenException"/> naming the setting.</summary>
    public void Validate(string sourceName = "settings")
    {
        Costing.Validate(sourceName);
        Duplicates.Validate(sourceName);
        Rationalise.Validate(sourceName);
    }

    private static Dictionary<string, T> ReadMap<T>(JsonProperty p, string source, Func<JsonElement, T> value, Func<string, string> key)
    {
        if (p.Value.ValueKind != JsonValueKind.Object)
        {
            throw new BurdenException($"{source}: {p.Name}: expected an object");
        }
        var map = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in p.Value.EnumerateObject())
        {
            map[key(e.Name)] = value(e.Value);
        }
        return map;
    }

    private static Dictionary<Frequency, double> ReadFrequencyMap(JsonProperty p, string source, IReadOnlyDictionary<Frequency, double> over)
    {
        var map = new Dictionary<Frequency, double>(over);
        foreach (var (k, v) in ReadMap(p, source, v => (double)Number(v, p.Name, source), k => k))
        {
            map[Frequencies.TryParse(k, out var f) ? f : throw new BurdenException($"{source}: {p.Name}: '{k}' is not a frequency (expected {Frequencies.Expected})")] = v;
        }
        return map;
    }

    private static decimal Number(JsonElement v, string name, string source) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDecimal()
        : v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d
        : throw new BurdenException($"{source}: {name}: '{v}' is not a number");

    private static bool Bool(JsonElement v, string name, string source) =>
        v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new BurdenException($"{source}: {name}: expected true or false");

    private static string Text(JsonElement v, string name, string source) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new BurdenException($"{source}: {name}: expected a string");
}
