using System.CommandLine;
using Burden.Worker.Meaning;

namespace Burden.Worker.Cli;

/// <summary><c>burden classify train</c>: a developer command that writes the learned layer's weights from the labelled measure set.</summary>
internal static class ClassifyCommand
{
    /// <summary>Where the shipped weights live in the repository.</summary>
    public static readonly string[] ModelPathInRepo = ["src", "Burden.Core", "Reference", "item-class-model.txt"];

    public static Command Build(CliContext context)
    {
        var labelled = new Option<string?>("--labelled") { Description = "Labelled measure set (default: the repository's tests/Burden.Core.Tests/Classification/labelled-measures.csv)" };
        var model = new Option<string>("--model") { Description = "Embedding model: all-MiniLM-L6-v2 or snowflake-arctic-embed-xs", DefaultValueFactory = _ => ProcessEncoder.DefaultModel };
        var output = new Option<string?>("--out") { Description = "File to write (default: src/Burden.Core/Reference/item-class-model.txt beside the labelled set's repository)" };
        var train = new Command("train", "Train the item-class model on every labelled measure and write its weights (rebuild to ship them)") { labelled, model, output };
        train.SetAction(async (parse, cancellationToken) =>
        {
            var path = ClassifierBench.ResolveLabelled(parse.GetValue(labelled));
            var (measures, text) = ClassifierBench.Read(path);
            var encoder = ProcessEncoder.Get(parse.GetValue(model)!);
            var trained = ClassifierBench.Train(measures, encoder, ClassifierBench.TrainedOn(path, text, measures.Count));
            var target = parse.GetValue(output) ?? Path.Combine([RepositoryOf(path), .. ModelPathInRepo]);
            await File.WriteAllTextAsync(target, trained.Write(), cancellationToken);
            await context.Out.WriteLineAsync($"classify train: {measures.Count} measures, model {encoder.ModelName} {encoder.ModelVersion}; wrote {target}");
            return ExitCodes.Ok;
        });
        var classify = new Command("classify", "Item classification: train the learned layer (see also 'burden bench classify')");
        classify.Subcommands.Add(train);
        return classify;
    }

    /// <summary>The repository holding the labelled set: four folders up from tests/Burden.Core.Tests/Classification/x.csv.</summary>
    private static string RepositoryOf(string labelledPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(labelledPath))!;
        for (var i = 0; i < ClassifierBench.LabelledPathInRepo.Length - 1; i++)
        {
            dir = Path.GetDirectoryName(dir)!;
        }
        return dir;
    }
}
