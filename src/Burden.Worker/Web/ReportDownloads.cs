using Burden.Core.Reports;
using Burden.Core.Storage;

namespace Burden.Worker.Web;

/// <summary>A file a report download sends: its name, where it is, its content type.</summary>
/// <param name="Name">The name it is downloaded as.</param>
/// <param name="Path">Where it is on disk (taken from the store's report record, never from a request).</param>
/// <param name="ContentType">The media type sent.</param>
public sealed record ReportFile(string Name, string Path, string ContentType);

/// <summary>
/// The files a report download may send: a workbook the store lists, and the requests CSV that a large report writes
/// beside its workbook (<see cref="ReportFiles.SpillPathFor"/>). Nothing else: a name is only ever compared with these.
/// </summary>
public static class ReportDownloads
{
    /// <summary>The workbook's media type.</summary>
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The spill CSV's media type.</summary>
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The file downloaded as <paramref name="name"/> among <paramref name="reports"/>, or null.</summary>
    public static ReportFile? Find(string name, IEnumerable<ReportRecord> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        foreach (var report in reports)
        {
            if (string.Equals(report.Name, name, StringComparison.Ordinal))
            {
                return new ReportFile(report.Name, report.Path, report.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? CsvType : XlsxType);
            }
            if (SpillOf(report) is { } spill && string.Equals(spill.Name, name, StringComparison.Ordinal))
            {
                return spill;
            }
        }
        return null;
    }

    /// <summary>The requests CSV written beside <paramref name="report"/>'s workbook, when the report spilled; else null.</summary>
    public static ReportFile? SpillOf(ReportRecord report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!report.Path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var path = ReportFiles.SpillPathFor(report.Path);
        // The writer deletes a spill file that no longer matches its workbook, so one on disk belongs to it.
        return File.Exists(path) ? new ReportFile(System.IO.Path.GetFileName(path), path, CsvType) : null;
    }
}
