using Burden.Core.Storage;

namespace Burden.Core.Analysis;

/// <summary>Runs the whole analysis of a scope: collections, burden and cost, classification, duplicates, flags, baseline, recommendations.</summary>
public sealed class Analyser
{
    private readonly TimeProvider _time;

    /// <summary>Creates an analyser with the shipped defaults unless settings are given.</summary>
    public Analyser(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Loads what the scope needs from the store and analyses it.</summary>
    public Task<AnalysisResult> AnalyseAsync(IBurdenStore store, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        _ = (_time, store, scope, cancellationToken);
        throw new NotImplementedException("analysis helper");
    }

    /// <summary>Freezes the scope's collections and annualised figures as a named baseline, and stores it.</summary>
    public Task<BaselineSnapshot> CreateBaselineAsync(IBurdenStore store, string name, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        _ = (store, name, scope, cancellationToken);
        throw new NotImplementedException("analysis helper");
    }
}
