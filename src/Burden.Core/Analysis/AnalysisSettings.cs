using System.Globalization;
using System.Text.Json;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Costing;

namespace Burden.Core.Analysis;

/// <summary>Rates, factors, thresholds and reference-file choices for the analysis, with documented defaults (see <c>docs/analysis-settings.md</c>).</summary>
public sealed record AnalysisSettings
{
    /// <summary>Agenda for Change 2025/26 hourly rates, England, top of band, before on-costs.</summary>
    public static IReadOnlyDictionary<string, decimal> DefaultBandRates => CostingSettings.DefaultBandRates;

    /// <summary>Hourly rate per band, before on-costs; keys are band names (<c>5</c>, <c>8a</c>).</summary>
    public IReadOnlyDictionary<string, decimal> BandRates { get; init; } = DefaultBandRates;

    /// <summary>Band assumed when a request gives none: band 6, the usual grade of an ICB information analyst.</summary>
    public string DefaultBand { get; init; } = "6";

    /// <summary>Employer on-cost multiplier: 1.25 (pension 14.38% plus employer National Insurance of about 10–11% of pay at these bands).</summary>
    public decimal OnCostFactor { get; init; } = 1.25m;

    /// <summary>When true a daily collection counts <see cref="WorkingDaysPerYear"/> submissions a year instead of 365.</summary>
    public bool DailyUsesWorkingDays { get; init; }

    /// <summary>Working days a year (England: 52 weeks × 5 days less 8 bank holidays).</summary>
    public int WorkingDaysPerYear { get; init; } = 252;

    /// <summary>Hours assumed per submission when a collection has no logged hours at all.</summary>
    public IReadOnlyDictionary<Frequency, double> DefaultHours { get; init; } = CostingSettings.DefaultHoursPerSubmission;

    /// <summary>Containment (shared items / items of the smaller collection) at or above which a pair is a duplicate.</summary>
    public double DuplicateContainmentThreshold { get; init; } = 0.6;

    /// <summary>Fewest shared items for a duplicate pair.</summary>
    public int DuplicateMinSharedItems { get; init; } = 2;

    /// <summary>Cosine similarity of two items' canonical texts at or above which, every guard agreeing, they are one measure.</summary>
    /// <remarks>Calibrated on the labelled item pairs in <c>tests/Burden.Worker.Tests/Meaning/item-pairs.tsv</c> (see the README).</remarks>
    public double ItemSimilarityThreshold { get; init; } = DefaultItemSimilarityThreshold;

    /// <summary>The calibrated default of <see cref="ItemSimilarityThreshold"/>.</summary>
    public const double DefaultItemSimilarityThreshold = 0.70;

    /// <summary>The sentence-embedding model used to match items by meaning; <c>none</c> matches on canonical keys only.</summary>
    public string EmbeddingModel { get; init; } = DefaultEmbeddingModel;

    /// <summary>The model chosen on the labelled item pairs.</summary>
    public const string DefaultEmbeddingModel = "all-MiniLM-L6-v2";

    /// <summary>Share of a collection's items a dataset must carry for the collection to be flagged automatable.</summary>
    public double AutomatableCoverage { get; init; } = 0.8;

    /// <summary>Days without use after which a collection with no purpose, consumer or publication counts as unused.</summary>
    public int UnusedGraceDays { get; init; } = 365;

    /// <summary>Frequency an input-only collection asked more often should drop to (<c>reduce_frequency</c>).</summary>
    public Frequency ReducedFrequency { get; init; } = Frequency.Monthly;

    /// <summary>Per-item class overrides, keyed by item text (matched after normalisation).</summary>
    public IReadOnlyDictionary<string, ItemClass> ItemClasses { get; init; } = new Dictionary<string, ItemClass>();

    /// <summary>A user taxonomy file whose rules are tried before the shipped ones; null for the shipped rules only.</summary>
    public string? TaxonomyFile { get; init; }

    /// <summary>A user file of automated datasets added to the shipped list; null for none.</summary>
    public string? DatasetsFile { get; init; }

    /// <summary>A user synonyms file added to the shipped list; null for none.</summary>
    public string? SynonymsFile { get; init; }

    /// <summary>A user measure-vocabulary file read after the shipped one; null for none.</summary>
    public string? VocabularyFile { get; init; }

    /// <summary>The part of these settings costing owns, as <see cref="BurdenCalculator"/> takes it.</summary>
    public CostingSettings Costing => new()
    {
        BandRates = BandRates,
        DefaultBand = DefaultBand,
        OnCostFactor = OnCostFactor,
        DailyUsesWorkingDays = DailyUsesWorkingDays,
        WorkingDaysPerYear = WorkingDaysPerYear,
        DefaultHours = DefaultHours,
    };

    /// <summary>Submissions a year per respondent for a regular frequency; null for ad hoc (observed rate).</summary>
    public double? RegularSubmissionsPerYear(Frequency frequency) => Costing.RegularSubmissionsPerYear(frequency);

    /// <summary>The hourly rate before on-costs for <paramref name="band"/>, or the default band's when blank or unknown.</summary>
    public decimal RateFor(string? band) => Costing.RateFor(band);

    /// <summary>Reads <c>Band 6</c>, <c>B8a</c>, <c>AfC 7</c> as <c>6</c>, <c>8a</c>, <c>7</c>.</summary>
    public static string? NormaliseBand(string? band)
    {
        return AgendaForChangeBand.Simplify(band);
    }

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
                    "band_rates" => s with { BandRates = ReadMap(p, sourceName, v => Number(v, p.Name, sourceName), k => NormaliseBand(k) ?? k) },
                    "default_band" => s with { DefaultBand = NormaliseBand(Text(p.Value, p.Name, sourceName)) ?? "6" },
                    "on_cost_factor" => s with { OnCostFactor = Number(p.Value, p.Name, sourceName) },
                    "daily_uses_working_days" => s with { DailyUsesWorkingDays = Bool(p.Value, p.Name, sourceName) },
                    "working_days_per_year" => s with { WorkingDaysPerYear = (int)Number(p.Value, p.Name, sourceName) },
                    "default_hours" => s with { DefaultHours = ReadFrequencyMap(p, sourceName, s.DefaultHours) },
                    "duplicate_containment_threshold" => s with { DuplicateContainmentThreshold = (double)Number(p.Value, p.Name, sourceName) },
                    "duplicate_min_shared_items" => s with { DuplicateMinSharedItems = (int)Number(p.Value, p.Name, sourceName) },
                    "automatable_coverage" => s with { AutomatableCoverage = (double)Number(p.Value, p.Name, sourceName) },
                    "unused_grace_days" => s with { UnusedGraceDays = (int)Number(p.Value, p.Name, sourceName) },
                    "reduced_frequency" => s with { ReducedFrequency = Frequencies.TryParse(Text(p.Value, p.Name, sourceName), out var f) ? f : throw new BurdenException($"{sourceName}: reduced_frequency: expected {Frequencies.Expected}") },
                    "item_classes" => s with { ItemClasses = ReadMap(p, sourceName, v => Catalogue.ItemClasses.TryParse(Text(v, p.Name, sourceName), out var c) ? c : throw new BurdenException($"{sourceName}: item_classes: '{v}' is not a class (expected input, process, output or outcome)"), k => k) },
                    "taxonomy_file" => s with { TaxonomyFile = Text(p.Value, p.Name, sourceName) },
                    "datasets_file" => s with { DatasetsFile = Text(p.Value, p.Name, sourceName) },
                    "synonyms_file" => s with { SynonymsFile = Text(p.Value, p.Name, sourceName) },
                    "vocabulary_file" => s with { VocabularyFile = Text(p.Value, p.Name, sourceName) },
                    "item_similarity_threshold" => s with { ItemSimilarityThreshold = (double)Number(p.Value, p.Name, sourceName) },
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

    /// <summary>Checks ranges; throws <see cref="BurdenException"/> naming the setting.</summary>
    public void Validate(string sourceName = "settings")
    {
        if (OnCostFactor < 1m || OnCostFactor > 3m)
        {
            throw new BurdenException($"{sourceName}: on_cost_factor {OnCostFactor} is out of range (expected 1 to 3)");
        }
        if (!BandRates.ContainsKey(DefaultBand))
        {
            throw new BurdenException($"{sourceName}: default_band '{DefaultBand}' has no rate in band_rates");
        }
        if (DuplicateContainmentThreshold is <= 0 or > 1)
        {
            throw new BurdenException($"{sourceName}: duplicate_containment_threshold {DuplicateContainmentThreshold} is out of range (expected above 0, at most 1)");
        }
        if (ItemSimilarityThreshold is <= 0 or > 1)
        {
            throw new BurdenException($"{sourceName}: item_similarity_threshold {ItemSimilarityThreshold} is out of range (expected above 0, at most 1)");
        }
        if (WorkingDaysPerYear is < 1 or > 366)
        {
            throw new BurdenException($"{sourceName}: working_days_per_year {WorkingDaysPerYear} is out of range (expected 1 to 366)");
        }
        if (UnusedGraceDays < 0)
        {
            throw new BurdenException($"{sourceName}: unused_grace_days must not be negative");
        }
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
