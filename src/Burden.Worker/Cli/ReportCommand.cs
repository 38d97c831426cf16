using Burden.Worker.Meaning;
using System.CommandLine;
using Burden.Core.Common;
using Burden.Core.Reports;

namespace Burden.Worker.Cli;

/// <summary><c>burden report [--period P] [--org CODE | --all-orgs] [--baseline NAME] --out PATH.xlsx</c>: writes the rationalisation workbook.</summary>
internal static class ReportCommand
{
    public static Command Build(CliContext context)
    {
        var period = new Option<string?>("--period") { Description = "Month YYYY-MM or financial year YYYY/YY (default: everything stored)" };
        var org = AnalyseCommand.OrgOption("One organisation's ODS code (default: all organisations together)");
        var allOrgs = new Option<bool>("--all-orgs") { Description = "Compare organisations on the Summary and add an organisation column to Collections" };
        var baseline = new Option<string?>("--baseline") { Description = "Baseline to compare with (made by 'burden baseline create')" };
        var output = new Option<string>("--out") { Description = "Workbook to write (.xlsx)", Required = true };
        var rowCap = new Option<int>("--request-row-cap")
        {
            Description = "Most requests the Requests sheet holds; above it they go to a CSV beside the workbook",
            DefaultValueFactory = _ => new ReportOptions().RequestRowCap,
        };

        var settings = AnalyseCommand.SettingsOption();
        var taxonomy = AnalyseCommand.TaxonomyOption();

        var command = new Command("report", "Write the Excel rationalisation report (Summary, Collections, Duplicates, Output-only, Automatable, Baseline, Requests, Method)");
        command.Options.Add(period);
        command.Options.Add(org);
        command.Options.Add(allOrgs);
        command.Options.Add(baseline);
        command.Options.Add(output);
        command.Options.Add(rowCap);
        command.Options.Add(settings);
        command.Options.Add(taxonomy);
        command.Validators.Add(result =>
        {
            if (result.GetValue(org) is not null && result.GetValue(allOrgs))
            {
                result.AddError("give --org CODE or --all-orgs, not both");
            }
            if (result.GetValue(output) is { } path && !path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError($"--out {path}: the report is an Excel workbook; give a path ending in .xlsx");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(rowCap) < 1)
            {
                await context.Err.WriteLineAsync("burden: --request-row-cap must be at least 1");
                return ExitCodes.Usage;
            }
            var periodText = parse.GetValue(period);
            var request = new ReportRequest(
                periodText is null ? null : ReportingPeriod.Parse(periodText),
                parse.GetValue(org),
                parse.GetValue(allOrgs),
                parse.GetValue(baseline));
            var store = await context.OpenExistingStoreAsync(parse, cancellationToken);
            await context.RequireOrganisationAsync(store, parse.GetValue(org), cancellationToken);
            var service = new ReportService(store, AnalyseCommand.NewAnalyser(context, AnalyseCommand.LoadSettings(parse, settings, taxonomy)), new ReportOptions { RequestRowCap = parse.GetValue(rowCap) });
            var written = await service.WriteAsync(request, parse.GetValue(output)!, cancellationToken);
            await context.Out.WriteLineAsync(written.WorkbookPath);
            if (written.SpillCsvPath is not null)
            {
                await context.Out.WriteLineAsync($"{written.SpillCsvPath} (the requests: more than the sheet's cap of {parse.GetValue(rowCap):#,##0})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
