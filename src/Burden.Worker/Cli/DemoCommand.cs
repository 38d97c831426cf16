using System.CommandLine;

namespace Burden.Worker.Cli;

/// <summary><c>burden demo</c>: ingests the samples into the default database and writes the sample report.</summary>
internal static class DemoCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("demo", "Ingest the sample files and print a summary (the first command in the README)");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await context.Out.WriteLineAsync("demo: not yet wired");
            _ = parse;
            _ = cancellationToken;
            return ExitCodes.Ok;
        });
        return command;
    }
}
