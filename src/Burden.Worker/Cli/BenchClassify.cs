using System.CommandLine;
using Burden.Worker.Meaning;

namespace Burden.Worker.Cli;

/// <summary><c>burden bench classify</c>: leave-one-source-out balanced accuracy of the item classifier on the labelled measure set.</summary>
internal static class BenchClassify
{
    /// <summary>The pooled balanced accuracy (rules + model) the command calls a pass.</summary>
    public const double Target = 0.85;

    public static Command Build(CliContext context)
    {
        var labelled = new Option<string?>("--labelled") { Description = "Labelled measure set (default: the repository's tests/Burden.Core.Tests/Classification/labelled-measures.csv)" };
        var model = new Option<string>("--model") { Description = "Embedding model: all-MiniLM-L6-v2 or snowflake-arctic-embed-xs", DefaultValueFactory = _ => ProcessEncoder.DefaultModel };
        var command = new Command("classify", "Leave-one-source-out accuracy of outcome classification: rules alone, model alone, rules + model") { labelled, model };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = ClassifierBench.ResolveLabelled(parse.GetValue(labelled));
            var (measures, _) = ClassifierBench.Read(path);
            var encoder = ProcessEncoder.Get(parse.GetValue(model)!);
            await context.Out.WriteLineAsync($"bench classify: {measures.Count} labelled measures from {measures.Select(m => m.Source).Distinct().Count()} sources ({path})");
            var scores = ClassifierBench.Evaluate(measures, encoder);
            foreach (var line in ClassifierBench.Table(scores, encoder.ModelName))
            {
                await context.Out.WriteLineAsync(line);
            }
            var pooled = scores[^1].Combined.BalancedAccuracy ?? 0;
            await context.Out.WriteLineAsync(FormattableString.Invariant($"pooled balanced accuracy, rules + model: {pooled:0.000} (target >= {Target}): {(pooled >= Target ? "PASS" : "MISS")}"));
            return pooled >= Target ? ExitCodes.Ok : ExitCodes.Error;
        });
        return command;
    }
}
