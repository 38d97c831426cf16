using System.CommandLine;
using System.Globalization;
using Burden.Core.Reports;
using Burden.Core.Review;

namespace Burden.Worker.Cli;

/// <summary><c>burden review import FILE.xlsx --by NAME</c>, <c>burden review list [--org CODE]</c>, <c>burden review stats</c>.</summary>
internal static class ReviewCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("review", "Record reviewers' decisions on duplicate pairs and recommendations, list them, and what they say about the detector");
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Stats(context));
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "A report workbook (.xlsx) with decisions filled in on the Duplicates and Collections sheets" };
        var by = new Option<string>("--by") { Description = "Who made the decisions", Required = true };
        var command = new Command("import", "Record the decisions typed into a report workbook (all or none; unknown values are listed with sheet and row)") { file, by };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await context.Err.WriteLineAsync($"burden: {path}: no such file");
                return ExitCodes.Usage;
            }
            var store = await context.OpenStoreAsync(parse, cancellationToken);
            ReviewImportOutcome outcome;
            await using (var stream = File.OpenRead(path))
            {
                try
                {
                    outcome = await ReviewImport.ImportAsync(store, stream, Path.GetFileName(path), parse.GetValue(by)!, context.Time.GetUtcNow(), cancellationToken);
                }
                catch (ReviewImportException refused)
                {
                    await context.Err.WriteLineAsync(refused.Message);
                    return ExitCodes.Refused;
                }
            }
            await context.Out.WriteLineAsync(Describe(Path.GetFileName(path), outcome));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Describe(string fileName, ReviewImportOutcome o) =>
        $"{fileName}: {o.Recorded} {(o.Recorded == 1 ? "decision" : "decisions")} recorded ({o.Pairs} on duplicate pairs, {o.Recommendations} on recommendations)" +
        (o.Unchanged > 0 ? $"; {o.Unchanged} already recorded the same way, not stored twice" : "");

    private static Command List(CliContext context)
    {
        var org = AnalyseCommand.OrgOption();
        org.Description = "Only decisions made on this organisation's reports";
        var command = new Command("list", "List every decision, oldest first") { org };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parse, cancellationToken);
            var decisions = await store.LoadReviewDecisionsAsync(parse.GetValue(org), cancellationToken);
            if (decisions.Count == 0)
            {
                await context.Out.WriteLineAsync("no decisions yet (fill in the Decision column of a report and run 'burden review import FILE.xlsx --by NAME', or use the review page)");
            }
            foreach (var s in decisions)
            {
                var d = s.Decision;
                var subject = d.Subject == ReviewSubject.Pair ? $"pair {d.CollectionA} + {d.CollectionB}" : $"{d.Action} {d.CollectionA}";
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Id}\t{d.At:yyyy-MM-dd HH:mm}\t{d.By}\t{d.OrgCode?.Value ?? "all"}\t{d.Period ?? "all"}\t{subject}\t{d.Decision.Token()}\t{d.Note}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stats(CliContext context)
    {
        var command = new Command("stats", "Precision of the duplicate detector at its threshold, and the share of recommendations agreed by action, from all decisions so far");
        var settings = AnalyseCommand.SettingsOption();
        command.Options.Add(settings);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parse, cancellationToken);
            var threshold = AnalyseCommand.LoadSettings(parse, settings, AnalyseCommand.TaxonomyOption()).Duplicates.ContainmentThreshold;
            var stats = new DecisionBook(await store.LoadReviewDecisionsAsync(null, cancellationToken)).Stats();
            await WriteStatsAsync(context.Out, stats, threshold);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static async Task WriteStatsAsync(TextWriter output, ReviewStats stats, double threshold)
    {
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(stats.Precision is { } p
            ? string.Create(inv, $"duplicate detector at containment {threshold:0.##}: precision {p:0%} ({stats.PairsConfirmed} confirmed, {stats.PairsDismissed} not duplicates)")
            : string.Create(inv, $"duplicate detector at containment {threshold:0.##}: no pair decided yet"));
        if (stats.ByAction.Count == 0)
        {
            await output.WriteLineAsync("recommendations: none decided yet");
        }
        foreach (var (action, a) in stats.ByAction)
        {
            await output.WriteLineAsync(string.Create(inv, $"{action}: {a.ShareAgreed:0%} agreed ({a.Agreed} agreed, {a.Rejected} rejected, {a.Deferred} deferred)"));
        }
    }
}
