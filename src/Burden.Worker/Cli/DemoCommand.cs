using Burden.Worker.Meaning;
using System.CommandLine;
using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Reports;

namespace Burden.Worker.Cli;

/// <summary>
/// <c>burden demo</c>: the README's first command. Ingests the shipped samples into the database (default
/// <c>data/burden.db</c>), freezes QMM's October 2022 as the baseline, analyses November 2022 and writes the sample
/// reports (QMM's against the baseline). Safe to run again: files already stored are skipped, so nothing is counted
/// twice, and the baseline, once created, is reused.
/// </summary>
internal static class DemoCommand
{
    private const string DemoPeriod = "2022-11";
    private static readonly OrgCode DemoOrg = OrgCode.Parse("QMM");
    private const string BaselinePeriod = "2022-10";
    private const string BaselineName = "QMM-2022-10";

    public static Command Build(CliContext context)
    {
        var outOption = new Option<string>("--out-dir")
        {
            Description = "Folder for the sample reports",
            DefaultValueFactory = _ => Path.Combine("data", "reports"),
        };
        var command = new Command("demo", "Ingest the sample files, print a summary and write the sample reports, the ICB's against its October baseline (the first command in the README)");
        command.Options.Add(outOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var samples = FindSamples();
            var store = await context.OpenStoreAsync(parse, cancellationToken);
            var pipeline = new IngestPipeline(store, IngestOptions.Default, context.Time);
            await context.Out.WriteLineAsync($"Samples: {samples}");
            foreach (var (file, kind) in new[]
                     {
                         ("icb-request-log-2022-10.csv", LogKind.RequestLog),
                         ("icb-request-log-2022-11.csv", LogKind.RequestLog),
                         ("national-catalogue.csv", LogKind.Catalogue),
                         ("messy-request-log.csv", LogKind.RequestLog),
                     })
            {
                var path = Path.Combine(samples, file);
                await using var stream = File.OpenRead(path);
                var outcome = await pipeline.IngestAsync(stream, file, null, kind, cancellationToken);
                await context.Out.WriteLineAsync($"  {IngestWording.Cli.Line(outcome)}");
            }

            var period = ReportingPeriod.Parse(DemoPeriod);
            var analyser = AnalyseCommand.NewAnalyser(context, new AnalysisSettings());
            var reports = new ReportService(store, analyser);
            var baseline = await store.LoadBaselineAsync(BaselineName, cancellationToken);
            if (baseline is null)
            {
                baseline = await analyser.CreateBaselineAsync(store, BaselineName,
                    new AnalysisScope(ReportingPeriod.Parse(BaselinePeriod), DemoOrg, null), cancellationToken);
                await context.Out.WriteLineAsync($"Baseline '{BaselineName}' created from {DemoOrg}'s {BaselinePeriod} log: {baseline.Collections.Count} collections.");
            }
            else
            {
                await context.Out.WriteLineAsync($"Baseline '{BaselineName}' exists (created {baseline.CreatedAt:yyyy-MM-dd HH:mm} UTC): {baseline.Collections.Count} collections; reused.");
            }

            var folder = Path.GetFullPath(parse.GetValue(outOption)!);
            Directory.CreateDirectory(folder);
            var icb = await reports.WriteAsync(new ReportRequest(period, DemoOrg, AllOrgs: false, BaselineName),
                Path.Combine(folder, $"demo-{DemoOrg}-{DemoPeriod}.xlsx"), cancellationToken);
            var national = await reports.WriteAsync(new ReportRequest(period, null, AllOrgs: true, BaselineName: null),
                Path.Combine(folder, $"demo-all-organisations-{DemoPeriod}.xlsx"), cancellationToken);
            await WriteSummaryAsync(context.Out, $"{DemoOrg} (the ICB in the sample log)", icb.Analysis);
            await WriteBaselineAsync(context.Out, icb.Analysis);
            await WriteSummaryAsync(context.Out, "all organisations and the national catalogue", national.Analysis);
            await context.Out.WriteLineAsync();
            await context.Out.WriteLineAsync($"Report: {icb.WorkbookPath}");
            await context.Out.WriteLineAsync($"Report: {national.WorkbookPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteSummaryAsync(TextWriter output, string scope, AnalysisResult analysis)
    {
        var totals = analysis.Totals;
        var uk = CultureInfo.GetCultureInfo("en-GB");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{analysis.Period}, {scope}: {totals.Collections} collections, {totals.Requests} requests, " +
                                    $"{totals.Hours.ToString("N1", uk)} hours in the period; " +
                                    $"{totals.HoursPerYear.ToString("N0", uk)} hours and {totals.CostGbpPerYear.ToString("C0", uk)} a year.");
        var f = totals.ByFrequency;
        await output.WriteLineAsync($"  {f[Frequency.Daily].Collections} daily, {f[Frequency.Weekly].Collections} weekly and {f[Frequency.Monthly].Collections} monthly returns, " +
                                    $"{f[Frequency.Quarterly].Collections + f[Frequency.Annual].Collections + f[Frequency.Fortnightly].Collections} other regular collections, and {f[Frequency.AdHoc].Requests} ad hoc requests.");
        var outputOnly = analysis.Collections.Count(c => c.OutputOnly);
        await output.WriteLineAsync($"  {analysis.DuplicateGroups.Count} duplicate groups ({analysis.DuplicatePairs.Count} pairs), {outputOnly} output-only collections, " +
                                    $"{analysis.Collections.Count(c => c.AutomatableFrom.Count > 0)} automatable, {analysis.Collections.Count(c => c.Unused)} unused, {analysis.Collections.Count(c => c.Unapproved)} unapproved.");
        await output.WriteLineAsync($"  If every recommendation were taken: {totals.HoursSavedPerYear.ToString("N0", uk)} hours and {totals.CostGbpSavedPerYear.ToString("C0", uk)} a year saved: " +
                                    $"{totals.HoursSavedOnEvidencePerYear.ToString("N0", uk)} hours on evidence, {totals.HoursSavedSuggestedPerYear.ToString("N0", uk)} only suggested" +
                                    (totals.HoursSavedAgreedPerYear > 0 ? $", {totals.HoursSavedAgreedPerYear.ToString("N0", uk)} agreed." : "."));
        await output.WriteLineAsync($"  Use: {analysis.Collections.Count(c => c.Use == Core.Rationalise.UseStatus.Used)} used, {analysis.Collections.Count(c => c.Unused)} unused on evidence, " +
                                    $"{analysis.Collections.Count(c => c.Use == Core.Rationalise.UseStatus.Unknown)} unknown (their purpose to be confirmed).");
        if (Core.Analysis.CoverageText.Statement(analysis.Coverage, analysis.Period) is { } coverage && !analysis.Coverage.Complete)
        {
            await output.WriteLineAsync($"  {coverage}");
        }
    }

    private static async Task WriteBaselineAsync(TextWriter output, AnalysisResult analysis)
    {
        if (analysis.Baseline is not { } baseline)
        {
            return;
        }
        var uk = CultureInfo.GetCultureInfo("en-GB");
        var hours = baseline.Deltas["hours_per_year"];
        var program = baseline.Changed.Count(c => c.Kind == ChangeKind.ProgramChange);
        var adjustments = baseline.Changed.Count(c => c.Kind == ChangeKind.Adjustment);
        await output.WriteLineAsync($"  Against baseline {baseline.Name} ({baseline.Period}): {baseline.Added.Count} collections added, {baseline.Retired.Count} retired, " +
                                    $"{program} program changes, {adjustments} adjustments; hours a year {hours.Baseline.ToString("N0", uk)} -> {hours.Current.ToString("N0", uk)} " +
                                    $"({hours.Change.ToString("+#,##0;-#,##0;0", uk)}).");
    }

    /// <summary>The shipped samples: copied beside the binary at build time, else found above the working folder.</summary>
    private static string FindSamples()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "samples");
        if (Directory.Exists(beside))
        {
            return beside;
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(candidate, "icb-request-log-2022-11.csv")))
            {
                return candidate;
            }
        }
        throw new BurdenException("The samples folder was not found beside the program or above the working folder.");
    }
}
