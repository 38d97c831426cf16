using System.CommandLine;

namespace Burden.Worker.Cli;

/// <summary><c>burden rejects [--file NAME]</c>: the stored rejected rows with their reasons, one per line.</summary>
internal static class RejectsCommand
{
    public static Command Build(CliContext context)
    {
        var file = new Option<string?>("--file")
        {
            Description = "Only rejects of files with this name (as ingested, without folder)",
            HelpName = "NAME",
        };
        var all = new Option<bool>("--all")
        {
            Description = "Also rejects of files superseded by a later file of the same name for the same organisation",
        };
        var command = new Command("rejects", "List stored rejected rows: file, line, column, value and what was expected") { file, all };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(file) is { Length: > 0 } given ? Path.GetFileName(given) : null;
            var store = await context.OpenExistingStoreAsync(parse, cancellationToken);
            var rejects = await store.LoadRejectsAsync(name, parse.GetValue(all), cancellationToken);
            if (rejects.Count == 0)
            {
                await context.Out.WriteLineAsync(name is null ? "No rejected rows stored." : $"No rejected rows stored for {name}.");
                return ExitCodes.Ok;
            }
            foreach (var reject in rejects)
            {
                await context.Out.WriteLineAsync(reject.Issue.ToString());
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
