using System.CommandLine;
using Burden.Core.Common;
using Burden.Core.Ingest;

namespace Burden.Worker.Cli;

/// <summary>The <c>burden</c> command line: parses, dispatches, and turns failures into one clear line and an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(output, error, time ?? TimeProvider.System);
        var root = Build(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"burden: {parseError.Message}");
            }
            await error.WriteLineAsync("Try 'burden --help'.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliUsageException usage)
        {
            await error.WriteLineAsync($"burden: {usage.Message}");
            return ExitCodes.Usage;
        }
        catch (FileRefusedException refused)
        {
            await error.WriteLineAsync(refused.Message);
            return ExitCodes.Refused;
        }
        catch (Core.Analysis.BaselineScopeException scope)
        {
            // Comparing unlike scopes is a usage mistake: exit 2, like an unknown option.
            await error.WriteLineAsync($"burden: {scope.Message}");
            return ExitCodes.Usage;
        }
        catch (BurdenException domain)
        {
            await error.WriteLineAsync($"burden: {domain.Message}");
            if (parse.GetValue(context.Verbose))
            {
                await error.WriteLineAsync(domain.ToString());
            }
            return ExitCodes.Error;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("burden: cancelled");
            return ExitCodes.Error;
        }
        // The outermost boundary: anything unexpected becomes one line unless --verbose asks for the trace.
        catch (Exception unexpected)
        {
            await error.WriteLineAsync($"burden: {unexpected.GetType().Name}: {unexpected.Message}");
            if (parse.GetValue(context.Verbose))
            {
                await error.WriteLineAsync(unexpected.ToString());
            }
            else
            {
                await error.WriteLineAsync("Run again with --verbose for detail.");
            }
            return ExitCodes.Error;
        }
    }

    internal static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("HewittBurden: measure and cut the burden of central data collections on NHS organisations.");
        root.Options.Add(context.Db);
        root.Options.Add(context.Verbose);
        // One line per command; each command lives in its own file.
        root.Subcommands.Add(DemoCommand.Build(context));
        root.Subcommands.Add(IngestCommand.Build(context));
        root.Subcommands.Add(RejectsCommand.Build(context));
        root.Subcommands.Add(FilesCommand.Build(context));
        root.Subcommands.Add(AnalyseCommand.Build(context));
        root.Subcommands.Add(BaselineCommand.Build(context));
        root.Subcommands.Add(BenchCommand.Build(context));
        root.Subcommands.Add(ClassifyCommand.Build(context));
        root.Subcommands.Add(ReportCommand.Build(context));
        root.Subcommands.Add(ServeCommand.Build(context));
        root.Subcommands.Add(ReviewCommand.Build(context));
        return root;
    }
}
