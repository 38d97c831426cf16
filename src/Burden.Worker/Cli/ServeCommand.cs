using System.CommandLine;
using Burden.Core.Common;
using Burden.Worker.Hosting;

namespace Burden.Worker.Cli;

/// <summary><c>burden serve</c>: the upload page, the API, the inbox, the monthly reports and the Hangfire dashboard.</summary>
internal static class ServeCommand
{
    public static Command Build(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = $"Addresses to listen on, separated by ';' (default {ServeOptions.DefaultUrls}; anything but loopback needs authentication)", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for inbox/, processed/, refused/, reports/ and the default database (default data/)", DefaultValueFactory = _ => ServeOptions.DefaultDataDir };
        var apiKeyFile = new Option<FileInfo?>("--api-key-file") { Description = $"File holding the API key (else ${ServeOptions.ApiKeyVariable}); clients send it as X-Api-Key" };
        var workers = new Option<int>("--workers") { Description = "Hangfire workers in this instance (default 2)", DefaultValueFactory = _ => 2 };
        var cron = new Option<string>("--monthly-cron") { Description = $"When the monthly reports run, as cron (default '{ServeOptions.DefaultMonthlyCron}': 06:00 on the 2nd, for the previous month; $BURDEN_MONTHLY_CRON)" };
        var noInbox = new Option<bool>("--no-inbox") { Description = "Do not watch DIR/inbox/ (when several instances share one data folder, one watches)" };
        var baseline = new Option<string?>("--baseline") { Description = "Baseline the monthly reports compare with (default: the most recent)" };

        var command = new Command("serve", "Run the service: upload page and API, inbox folder, monthly reports, job dashboard at /hangfire");
        command.Options.Add(urls);
        command.Options.Add(dataDir);
        command.Options.Add(apiKeyFile);
        command.Options.Add(workers);
        command.Options.Add(cron);
        command.Options.Add(baseline);
        command.Options.Add(noInbox);
        var settings = AnalyseCommand.SettingsOption();
        var taxonomy = AnalyseCommand.TaxonomyOption();
        command.Options.Add(settings);
        command.Options.Add(taxonomy);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keyFile = parse.GetValue(apiKeyFile);
            var key = keyFile is not null
                ? (keyFile.Exists ? (await File.ReadAllTextAsync(keyFile.FullName, cancellationToken)).Trim() : throw new BurdenException($"{keyFile.FullName}: API key file not found"))
                : Environment.GetEnvironmentVariable(ServeOptions.ApiKeyVariable);
            if (key is { Length: > 0 and < 16 })
            {
                throw new BurdenException("the API key is shorter than 16 characters; use a long random secret (for example: openssl rand -hex 32)");
            }
            var options = new ServeOptions
            {
                Urls = parse.GetValue(urls)!,
                Db = context.DbOf(parse),
                DataDir = parse.GetValue(dataDir)!,
                ApiKey = string.IsNullOrEmpty(key) ? null : key,
                WorkerCount = parse.GetValue(workers),
                MonthlyCron = parse.GetValue(cron) ?? Environment.GetEnvironmentVariable("BURDEN_MONTHLY_CRON") ?? ServeOptions.DefaultMonthlyCron,
                ReportBaseline = parse.GetValue(baseline),
                WatchInbox = !parse.GetValue(noInbox),
                Time = context.Time,
                AnalysisSettings = AnalyseCommand.LoadSettings(parse, settings, taxonomy),
                Verbose = parse.GetValue(context.Verbose),
            };
            await using var app = await BurdenHost.BuildAsync(options, cancellationToken: cancellationToken);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException bind) when (bind.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new BurdenException($"cannot listen on {options.Urls}: the address is already in use (another burden serve?); stop it or give --urls http://127.0.0.1:OTHERPORT", bind);
            }
            await context.Out.WriteLineAsync($"burden serve: listening on {string.Join(", ", app.Urls)}; data in {Path.GetFullPath(options.DataDir)}; " +
                $"dashboard at /hangfire; API key {(options.ApiKey is null ? "not set (loopback only)" : "required")}. Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
