using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Reports;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Jobs;

/// <summary>Writes report workbooks under <c>DIR/reports/</c> and lists them in the store: the monthly run and reports on demand.</summary>
public sealed class ReportJob
{
    /// <summary>Recurring job id of the monthly reports.</summary>
    public const string MonthlyJobId = "burden-monthly-reports";

    private readonly IBurdenStore _store;
    private readonly ReportService _reports;
    private readonly DataFolders _folders;
    private readonly ServeOptions _options;
    private readonly ILogger<ReportJob> _log;

    public ReportJob(IBurdenStore store, ReportService reports, DataFolders folders, ServeOptions options, ILogger<ReportJob> log)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        _store = store;
        _reports = reports;
        _folders = folders;
        _options = options;
        _log = log;
    }

    /// <summary>The file name of a report: <c>burden-QMM-2022-11.xlsx</c>, <c>burden-ALL-2025-26.xlsx</c>.</summary>
    public static string NameOf(ReportingPeriod period, OrgCode? orgCode)
    {
        ArgumentNullException.ThrowIfNull(period);
        // A code stored before version 3 was not checked when read back; only letters and digits reach the file name.
        var org = orgCode is null ? "ALL" : new string(orgCode.Value.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return $"burden-{org}-{period.Label.Replace('/', '-')}.xlsx";
    }

    /// <summary>The monthly run: the month before today, one workbook per organisation with requests in it plus one across all.</summary>
    [JobDisplayName("Monthly reports")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 600, 3600])]
    public async Task RunMonthlyAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_options.Time.GetUtcNow().UtcDateTime);
        var period = ReportingPeriod.PreviousMonth(today);
        var orgs = await _store.ListOrganisationsAsync(period, cancellationToken);
        if (orgs.Count == 0)
        {
            _log.LogInformation("No requests stored for {Period}; no monthly reports written", period.Label);
            return;
        }
        var baseline = await BaselineToCompareAsync(cancellationToken);
        foreach (var org in orgs)
        {
            await WriteAsync(period, org, baseline, cancellationToken);
        }
        await WriteAsync(period, null, baseline, cancellationToken);
        _log.LogInformation("Monthly reports for {Period}: {Count} organisations and all organisations", period.Label, orgs.Count);
    }

    /// <summary>A report on demand for a period, one organisation or (org null) all of them.</summary>
    [JobDisplayName("Report {0} {1}")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 300, 1800])]
    public async Task RunAsync(string period, string? orgCode, CancellationToken cancellationToken)
    {
        await WriteAsync(ReportingPeriod.Parse(period), OrgCode.ParseOptional(orgCode), await BaselineToCompareAsync(cancellationToken), cancellationToken);
    }

    private async Task WriteAsync(ReportingPeriod period, OrgCode? orgCode, string? baseline, CancellationToken cancellationToken)
    {
        var name = NameOf(period, orgCode);
        var path = Path.Combine(_folders.Reports, name);
        Directory.CreateDirectory(_folders.Reports);
        // The service records the report (name, period, organisation, path, when) as it writes it.
        await _reports.WriteAsync(new ReportRequest(period, orgCode, orgCode is null, baseline), path, cancellationToken);
    }

    private async Task<string?> BaselineToCompareAsync(CancellationToken cancellationToken)
    {
        if (_options.ReportBaseline is { Length: > 0 } named)
        {
            return named;
        }
        var baselines = await _store.ListBaselinesAsync(cancellationToken);
        return baselines.Count == 0 ? null : baselines[^1].Name;
    }
}
