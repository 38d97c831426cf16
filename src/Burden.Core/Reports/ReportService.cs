using Burden.Core.Analysis;
using Burden.Core.Storage;

namespace Burden.Core.Reports;

/// <summary>What report to write.</summary>
/// <param name="Period">Period, or null for everything stored.</param>
/// <param name="OrgCode">One organisation, or null.</param>
/// <param name="AllOrgs">Compare organisations (Summary) and add an organisation column (Collections).</param>
/// <param name="BaselineName">Baseline to compare with, or null.</param>
public sealed record ReportRequest(Common.ReportingPeriod? Period, string? OrgCode, bool AllOrgs, string? BaselineName);

/// <summary>What was written.</summary>
/// <param name="WorkbookPath">The .xlsx.</param>
/// <param name="SpillCsvPath">The CSV the Requests sheet spilled to, or null.</param>
/// <param name="Analysis">The analysis the workbook shows.</param>
public sealed record ReportOutput(string WorkbookPath, string? SpillCsvPath, AnalysisResult Analysis);

/// <summary>Analyses a scope and writes the rationalisation workbook.</summary>
public sealed class ReportService
{
    private readonly IBurdenStore _store;
    private readonly Analyser _analyser;

    /// <summary>Creates the service.</summary>
    public ReportService(IBurdenStore store, Analyser analyser)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(analyser);
        _store = store;
        _analyser = analyser;
    }

    /// <summary>Writes the workbook to <paramref name="outPath"/> (written to a temporary name and moved, so no half file is left).</summary>
    public Task<ReportOutput> WriteAsync(ReportRequest request, string outPath, CancellationToken cancellationToken = default)
    {
        _ = (_store, _analyser, request, outPath, cancellationToken);
        throw new NotImplementedException("report helper");
    }
}
