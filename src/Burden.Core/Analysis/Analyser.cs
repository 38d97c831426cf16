using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Meaning;
using Burden.Core.Storage;

namespace Burden.Core.Analysis;

/// <summary>Runs the whole analysis of a scope: collections, burden and cost, classification, duplicates, flags, baseline, recommendations.</summary>
/// <remarks>The store is touched only here; the analysis itself is <see cref="AnalysisEngine.Analyse"/>, which takes records.</remarks>
public sealed class Analyser
{
    private readonly TimeProvider _time;
    private readonly AnalysisSettings _settings;
    private readonly AnalysisReference _reference;
    private readonly ITextEncoder? _encoder;
    private readonly IProgress<EncodingProgress>? _progress;

    /// <summary>Creates an analyser with the shipped defaults unless settings are given.</summary>
    /// <param name="time">Clock; the system clock when null.</param>
    /// <param name="settings">Settings; the defaults when null.</param>
    /// <param name="reference">Reference files; those the settings name (else the shipped ones) when null.</param>
    /// <param name="encoder">The sentence-embedding model, shared by the duplicate matcher (items matched by meaning) and the
    /// learned layer of item classification; null to match on canonical keys only and class by rules only. Its vectors
    /// come from the store's embedding cache where they can, so a run that finds every text cached never calls it (a lazily
    /// loaded encoder then never loads its model).</param>
    /// <param name="progress">Told how encoding goes when items are new to the embedding cache.</param>
    public Analyser(TimeProvider? time = null, AnalysisSettings? settings = null, AnalysisReference? reference = null, ITextEncoder? encoder = null, IProgress<EncodingProgress>? progress = null)
    {
        _time = time ?? TimeProvider.System;
        _settings = settings ?? new AnalysisSettings();
        _reference = reference ?? AnalysisReference.Load(_settings);
        _encoder = encoder;
        _progress = progress;
    }

    /// <summary>Loads what the scope needs from the store and analyses it.</summary>
    /// <exception cref="BurdenException">The named baseline does not exist.</exception>
    /// <exception cref="BaselineScopeException">The baseline covers another organisation scope than the analysis.</exception>
    public async Task<AnalysisResult> AnalyseAsync(IBurdenStore store, AnalysisScope scope, CancellationToken cancellationToken = default) =>
        (await AnalyseLoadedAsync(store, scope, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>Loads what the scope needs from the store once and analyses it, handing back what was loaded with the result.</summary>
    /// <remarks>A report shows these very requests and this baseline beside the analysis, so it never loads them a second time.</remarks>
    /// <exception cref="BurdenException">The named baseline does not exist.</exception>
    /// <exception cref="BaselineScopeException">The baseline covers another organisation scope than the analysis.</exception>
    public async Task<LoadedAnalysis> AnalyseLoadedAsync(IBurdenStore store, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scope);
        BaselineSnapshot? baseline = null;
        if (scope.BaselineName is { } name)
        {
            baseline = await store.LoadBaselineAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new BurdenException($"baseline '{name}' does not exist (see 'burden baseline list')");
        }
        var orgCode = scope.OrgCode;
        if (baseline is not null)
        {
            BaselineScope.EnsureMatches(baseline, orgCode);
        }
        var requests = await store.LoadRequestsAsync(new RequestQuery(scope.Period, orgCode), cancellationToken).ConfigureAwait(false);
        var catalogue = await store.LoadCatalogueAsync(cancellationToken).ConfigureAwait(false);
        var decisions = await store.LoadReviewDecisionsAsync(null, cancellationToken).ConfigureAwait(false);
        ItemVectors? vectors = null;
        if (_encoder is not null)
        {
            // Each distinct text is encoded once, ever: the store keeps its vector for this model and version. The texts are
            // the items' canonical forms (for matching) and the names no classification rule settles (for the learned layer).
            var texts = AnalysisInput.ItemTexts(requests, catalogue, _reference)
                .Concat(AnalysisInput.UnsettledItemNames(requests, catalogue, _reference, _settings));
            vectors = await ItemVectors.ComputeAsync(_encoder, store, texts, _progress, cancellationToken).ConfigureAwait(false);
        }
        var input = new AnalysisInput(requests, catalogue, scope.Period, orgCode, _time.GetUtcNow(), baseline) { Decisions = decisions, Vectors = vectors };
        return new LoadedAnalysis(AnalysisEngine.Analyse(input, _settings, _reference, _encoder), requests, baseline, catalogue);
    }

    /// <summary>Freezes the scope's collections and annualised figures as a named baseline, and stores it.</summary>
    /// <exception cref="BurdenException">A baseline of that name exists.</exception>
    public async Task<BaselineSnapshot> CreateBaselineAsync(IBurdenStore store, string name, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scope);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new BurdenException("a baseline needs a name");
        }
        if (await store.LoadBaselineAsync(name.Trim(), cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new BurdenException($"baseline '{name.Trim()}' already exists; choose another name");
        }
        var result = await AnalyseAsync(store, scope with { BaselineName = null }, cancellationToken).ConfigureAwait(false);
        var snapshot = AnalysisEngine.Snapshot(name, result, _time.GetUtcNow());
        await store.SaveBaselineAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return snapshot;
    }
}

/// <summary>An analysis with the stored requests and baseline it was made from.</summary>
/// <param name="Result">The analysis.</param>
/// <param name="Requests">The requests loaded for the scope.</param>
/// <param name="Baseline">The baseline compared with, or null.</param>
/// <param name="Catalogue">The catalogue entries loaded with them.</param>
public sealed record LoadedAnalysis(AnalysisResult Result, IReadOnlyList<RequestRecord> Requests, BaselineSnapshot? Baseline, IReadOnlyList<CatalogueEntry> Catalogue);
