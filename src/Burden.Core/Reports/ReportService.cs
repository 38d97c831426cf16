using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Storage;

namespace Burden.Core.Reports;

/// <summary>What report to write.</summary>
/// <param name="Period">Period, or null for everything stored.</param>
/// <param name="OrgCode">One organisation, or null.</param>
/// <param name="AllOrgs">Compare organisations (Summary) and add an organisation column (Collections).</param>
/// <param name="BaselineName">Baseline to compare with, or null.</param>
public sealed record ReportRequest(Common.ReportingPeriod? Period, Catalogue.OrgCode? OrgCode, bool AllOrgs, string? BaselineName);

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
    private readonly ReportOptions _options;

    /// <summary>Creates the service.</summary>
    public ReportService(IBurdenStore store, Analyser analyser, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(analyser);
        _store = store;
        _analyser = analyser;
        _options = options ?? new ReportOptions();
    }

    /// <summary>
    /// Analyses the scope and writes the workbook to <paramref name="outPath"/> (written to a temporary name and moved, so no
    /// half file is left), with the requests CSV beside it when over the row cap; records the report in the store, once.
    /// </summary>
    public async Task<ReportOutput> WriteAsync(ReportRequest request, string outPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(outPath);
        if (request.AllOrgs && request.OrgCode is not null)
        {
            throw new BurdenException($"Give either an organisation ({request.OrgCode}) or all organisations, not both");
        }
        // One load: the Requests sheet and the Baseline sheet show exactly what the analysis was made from.
        var (analysis, requests, snapshot, catalogue) = await _analyser.AnalyseLoadedAsync(_store, new AnalysisScope(request.Period, request.OrgCode, request.BaselineName), cancellationToken);
        var files = await _store.ListFilesAsync(cancellationToken);
        var input = new ReportInput(analysis, requests, files, request.AllOrgs) { BaselineSnapshot = snapshot, Catalogue = catalogue };
        var output = ReportFiles.Write(input, outPath, _options, cancellationToken);
        await _store.SaveReportAsync(new ReportRecord(Path.GetFileName(output.WorkbookPath), analysis.Period, analysis.Org, output.WorkbookPath, analysis.GeneratedAt), cancellationToken);
        return output;
    }
}

/// <summary>Writes a report's files: the workbook and, above the row cap, the requests CSV beside it.</summary>
public static class ReportFiles
{
    /// <summary>The spill CSV's path for a workbook path: <c>report.xlsx</c> spills to <c>report-requests.csv</c>.</summary>
    public static string SpillPathFor(string workbookPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(workbookPath))!, Path.GetFileNameWithoutExtension(workbookPath) + "-requests.csv");

    /// <summary>Builds the model and writes it; each file goes to a temporary name in the same folder and is moved into place.</summary>
    public static ReportOutput Write(ReportInput input, string outPath, ReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(outPath);
        options ??= new ReportOptions();
        var fullPath = Path.GetFullPath(outPath);
        if (!string.Equals(Path.GetExtension(fullPath), ".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            throw new BurdenException($"{outPath}: the report is an Excel workbook; give a path ending in .xlsx");
        }
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var spillPath = SpillPathFor(fullPath);
        var model = ReportModelBuilder.Build(input with { SpillFileName = Path.GetFileName(spillPath) }, options);
        cancellationToken.ThrowIfCancellationRequested();

        string? writtenSpill = null;
        if (model.SpilledRequests is { } spilled)
        {
            WriteAtomically(spillPath, stream => ReportCsvWriter.Write(spilled, stream));
            writtenSpill = spillPath;
        }
        cancellationToken.ThrowIfCancellationRequested();
        WriteAtomically(fullPath, stream => ReportWorkbookWriter.Write(model, stream, options));
        if (writtenSpill is null && File.Exists(spillPath))
        {
            // A spill file left by an earlier run of this report no longer matches the workbook beside it.
            File.Delete(spillPath);
        }
        return new ReportOutput(fullPath, writtenSpill, input.Analysis);
    }

    internal static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
