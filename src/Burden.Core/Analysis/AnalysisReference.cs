using System.Reflection;
using Burden.Core.Classification;
using Burden.Core.Common;
using Burden.Core.Meaning;
using Burden.Core.Rationalise;

namespace Burden.Core.Analysis;

/// <summary>The editable reference files the analysis uses: taxonomy, synonyms, automated datasets and the measure vocabulary.</summary>
/// <remarks>
/// The shipped files (<c>src/Burden.Core/Reference/*.txt</c>) are embedded in the assembly. A user file named in the
/// settings is read as well: its taxonomy rules are tried before the shipped ones (so they win); its synonyms and
/// datasets add to the shipped ones.
/// </remarks>
public sealed class AnalysisReference
{
    /// <summary>Resource name of the shipped taxonomy.</summary>
    public const string TaxonomyResource = "reference/taxonomy.txt";
    /// <summary>Resource name of the shipped synonyms.</summary>
    public const string SynonymsResource = "reference/synonyms.txt";
    /// <summary>Resource name of the shipped automated-datasets list.</summary>
    public const string DatasetsResource = "reference/automated-datasets.txt";
    /// <summary>Resource name of the shipped measure vocabulary.</summary>
    public const string VocabularyResource = "reference/vocabulary.txt";
    /// <summary>Resource name of the shipped learned-layer weights (written by <c>burden classify train</c>).</summary>
    public const string ClassModelResource = "reference/item-class-model.txt";

    private static readonly Lazy<ItemClassModel> ShippedClassModel = new(() => ItemClassModel.Parse("item-class-model.txt", ReadShipped(ClassModelResource)));

    /// <summary>The shipped learned layer of item classification: weights for one embedding model's vectors.</summary>
    public static ItemClassModel ClassModel => ShippedClassModel.Value;

    // Declared before Shipped: static initialisers run in textual order.
    private static readonly Lazy<MeasureVocabulary> ShippedVocabulary = new(() => MeasureVocabulary.Parse(("vocabulary.txt", ReadShipped(VocabularyResource))));

    private AnalysisReference(Taxonomy taxonomy, ItemNormaliser normaliser, AutomatedDatasets datasets, MeasureVocabulary vocabulary)
    {
        Taxonomy = taxonomy;
        Normaliser = normaliser;
        Datasets = datasets;
        Vocabulary = vocabulary;
        Measures = new MeasureReader(vocabulary, normaliser.Words, normaliser.Synonyms.Distinguishing.Contains);
    }

    /// <summary>The measure vocabulary (abbreviations, thresholds, units, comparators, guard terms).</summary>
    public MeasureVocabulary Vocabulary { get; }

    /// <summary>Reads items through the vocabulary into canonical texts, keys and guards.</summary>
    public MeasureReader Measures { get; }

    /// <summary>Item classification rules.</summary>
    public Taxonomy Taxonomy { get; }

    /// <summary>Item normalisation (synonyms, distinguishing terms).</summary>
    public ItemNormaliser Normaliser { get; }

    /// <summary>Automated datasets and their measures.</summary>
    public AutomatedDatasets Datasets { get; }

    /// <summary>The shipped reference files only.</summary>
    public static AnalysisReference Shipped { get; } = FromText(null, null, null);

    /// <summary>Builds the reference from the shipped files plus optional user files, a vocabulary among them.</summary>
    public static AnalysisReference FromText((string Name, string Text)? taxonomy, (string Name, string Text)? synonyms, (string Name, string Text)? datasets, (string Name, string Text)? vocabulary)
    {
        var basic = FromText(taxonomy, synonyms, datasets);
        var files = new List<(string, string)> { ("vocabulary.txt", ReadShipped(VocabularyResource)) };
        if (vocabulary is { } v)
        {
            files.Add(v);
        }
        return new AnalysisReference(basic.Taxonomy, basic.Normaliser, basic.Datasets, MeasureVocabulary.Parse([.. files]));
    }

    /// <summary>Builds the reference from the shipped files plus optional user file texts ((name, text) pairs).</summary>
    public static AnalysisReference FromText((string Name, string Text)? taxonomy, (string Name, string Text)? synonyms, (string Name, string Text)? datasets)
    {
        var taxFiles = new List<(string, string)>();
        if (taxonomy is { } t)
        {
            taxFiles.Add(t);
        }
        taxFiles.Add(("taxonomy.txt", ReadShipped(TaxonomyResource)));
        var synFiles = new List<(string, string)> { ("synonyms.txt", ReadShipped(SynonymsResource)) };
        if (synonyms is { } s)
        {
            synFiles.Add(s);
        }
        var normaliser = new ItemNormaliser(SynonymList.Parse([.. synFiles]));
        var dataFiles = new List<(string, string)> { ("automated-datasets.txt", ReadShipped(DatasetsResource)) };
        if (datasets is { } d)
        {
            dataFiles.Add(d);
        }
        return new AnalysisReference(Taxonomy.Parse([.. taxFiles]), normaliser, AutomatedDatasets.Parse(normaliser, [.. dataFiles]), ShippedVocabulary.Value);
    }

    /// <summary>Builds the reference from the shipped files plus the user files the settings name.</summary>
    /// <exception cref="BurdenException">A named file does not exist or cannot be read.</exception>
    public static AnalysisReference Load(AnalysisSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TaxonomyFile is null && settings.SynonymsFile is null && settings.DatasetsFile is null && settings.VocabularyFile is null)
        {
            return Shipped;
        }
        return FromText(ReadUser(settings.TaxonomyFile, "taxonomy_file"), ReadUser(settings.SynonymsFile, "synonyms_file"), ReadUser(settings.DatasetsFile, "datasets_file"), ReadUser(settings.VocabularyFile, "vocabulary_file"));
    }

    private static (string, string)? ReadUser(string? path, string setting)
    {
        if (path is null)
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new BurdenException($"{setting}: '{path}' does not exist");
        }
        try
        {
            return (Path.GetFileName(path), File.ReadAllText(path));
        }
        catch (IOException e)
        {
            throw new BurdenException($"{setting}: '{path}' cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BurdenException($"{setting}: '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static string ReadShipped(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from Burden.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
