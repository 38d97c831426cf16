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
            // Encoding the names is most of the run (minutes on a loaded machine): say so, then how fast it went.
            await context.Out.WriteLineAsync($"  encoding {measures.Count} names with {encoder.ModelName} ...");
            await context.Out.FlushAsync(cancellationToken);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var vectors = encoder.Encode([.. measures.Select(m => m.Name)], cancellationToken);
            await context.Out.WriteLineAsync(FormattableString.Invariant($"  encoded in {watch.Elapsed.TotalSeconds:0.0} s ({measures.Count / Math.Max(watch.Elapsed.TotalSeconds, 1e-6):0} items/s)"));
            var scores = ClassifierBench.Evaluate(measures, vectors, encoder);
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
