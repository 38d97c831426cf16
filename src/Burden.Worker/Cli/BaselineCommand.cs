using Burden.Worker.Meaning;
using System.CommandLine;
using System.Globalization;
using Burden.Core.Analysis;

namespace Burden.Worker.Cli;

/// <summary><c>burden baseline create NAME --period P [--org CODE]</c> and <c>burden baseline list</c>.</summary>
internal static class BaselineCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("baseline", "Freeze the collections of a period as a named baseline, or list baselines");
        command.Subcommands.Add(Create(context));
        command.Subcommands.Add(List(context));
        return command;
    }

    private static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "A unique name for the baseline (for example reset-2022-11)" };
        var period = AnalyseCommand.PeriodOption();
        period.Required = true;
        var org = AnalyseCommand.OrgOption();
        var settings = AnalyseCommand.SettingsOption();
        var taxonomy = AnalyseCommand.TaxonomyOption();
        var command = new Command("create", "Freeze the period's collections and their annualised figures") { name, period, org, settings, taxonomy };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var analyser = AnalyseCommand.NewAnalyser(context, AnalyseCommand.LoadSettings(parse, settings, taxonomy));
            var store = await context.OpenExistingStoreAsync(parse, cancellationToken);
            await context.RequireOrganisationAsync(store, parse.GetValue(org), cancellationToken);
            var snapshot = await analyser.CreateBaselineAsync(store, parse.GetValue(name)!, new AnalysisScope(AnalyseCommand.ParsePeriod(parse.GetValue(period)), parse.GetValue(org), null), cancellationToken);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"baseline '{snapshot.Name}' ({snapshot.Period ?? "all periods"}, {snapshot.OrgCode?.Value ?? "all organisations"}): {snapshot.Collections.Count} collections, {snapshot.Collections.Sum(c => c.HoursPerYear):N0} hours a year"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List baselines, oldest first");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await context.OpenExistingStoreAsync(parse, cancellationToken);
            var baselines = await store.ListBaselinesAsync(cancellationToken);
            if (baselines.Count == 0)
            {
                await context.Out.WriteLineAsync("no baselines yet (create one with 'burden baseline create NAME --period YYYY-MM')");
            }
            foreach (var b in baselines)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{b.Name}\t{b.Period ?? "all"}\t{b.OrgCode?.Value ?? "all"}\t{b.CreatedAt:yyyy-MM-dd HH:mm}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
