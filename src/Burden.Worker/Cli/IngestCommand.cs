using System.CommandLine;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Spectre.Console;

namespace Burden.Worker.Cli;

/// <summary><c>burden ingest FILE... [--org CODE] [--kind log|catalogue]</c>: stores each file whole or refuses it, one line per file.</summary>
internal static class IngestCommand
{
    /// <summary>Rows between two plain progress lines when output is redirected.</summary>
    internal const int PlainProgressRows = 100_000;

    public static Command Build(CliContext context)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Request logs or catalogues: CSV (comma, semicolon or tab) or XLSX",
            Arity = ArgumentArity.OneOrMore,
        };
        var org = AnalyseCommand.OrgOption("ODS code of the organisation, for a log without an org_code column and for its blank cells");
        var kind = new Option<string?>("--kind")
        {
            Description = "What the files hold (default: recognised from the headers)",
        };
        kind.AcceptOnlyFromAmong("log", "catalogue");
        var replace = new Option<long?>("--replace")
        {
            Description = "Store the one FILE in place of this stored file (see 'burden files list'), in one transaction: if FILE is refused, the old file stays",
            HelpName = "ID",
        };

        var command = new Command("ingest", "Store request logs or catalogues; every row is accepted or rejected with a reason (see 'burden rejects')")
        {
            files,
            org,
            kind,
            replace,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(replace) is not null && (result.GetValue(files)?.Length ?? 0) != 1)
            {
                result.AddError("--replace takes exactly one FILE, the corrected version of the stored file");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetValue(files) ?? [];
            var missing = paths.Where(p => !File.Exists(p)).ToList();
            if (missing.Count > 0)
            {
                foreach (var path in missing)
                {
                    await context.Err.WriteLineAsync($"burden: no such file: {path}");
                }
                return ExitCodes.Usage;
            }
            LogKind? logKind = parse.GetValue(kind) switch
            {
                "log" => LogKind.RequestLog,
                "catalogue" => LogKind.Catalogue,
                _ => null,
            };
            var orgCode = parse.GetValue(org);

            var store = await context.OpenStoreAsync(parse, cancellationToken);
            var pipeline = new IngestPipeline(store, time: context.Time);
            var refused = false;
            foreach (var path in paths)
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                var outcome = await IngestWithProgressAsync(context, pipeline, stream, path, orgCode, logKind, parse.GetValue(replace), cancellationToken);
                // The user reads back the path they typed.
                var line = IngestWording.Cli.Line(outcome, path);
                if (outcome.Status == IngestStatus.Refused)
                {
                    refused = true;
                    await context.Err.WriteLineAsync(line);
                }
                else
                {
                    await context.Out.WriteLineAsync(line);
                }
            }
            return refused ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<IngestOutcome> IngestWithProgressAsync(
        CliContext context, IngestPipeline pipeline, FileStream stream, string path, OrgCode? orgCode, LogKind? kind, long? replace, CancellationToken cancellationToken)
    {
        Task<IngestOutcome> Run(IProgress<long> progress) => replace is { } fileId
            ? pipeline.ReplaceAsync(fileId, stream, path, orgCode, kind, cancellationToken, progress)
            : pipeline.IngestAsync(stream, path, orgCode, kind, cancellationToken, progress);

        if (IsTerminal(context))
        {
            IngestOutcome? outcome = null;
            await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Markup.Escape(path), maxValue: Math.Max(stream.Length, 1));
                    outcome = await Run(new CallbackProgress(rows =>
                    {
                        task.Value = stream.Position;
                        task.Description = Markup.Escape($"{path}: {rows:N0} rows");
                    }));
                    task.Value = task.MaxValue;
                });
            return outcome!;
        }
        return await Run(new CallbackProgress(rows =>
        {
            if (rows % PlainProgressRows == 0)
            {
                context.Err.WriteLine($"{path}: {rows:N0} rows read");
            }
        }));
    }

    /// <summary>True when the command writes to a real terminal, where a live progress bar is welcome.</summary>
    private static bool IsTerminal(CliContext context) =>
        ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Reports on the reading thread at once (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class CallbackProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
