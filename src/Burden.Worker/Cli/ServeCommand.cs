using System.CommandLine;
using Burden.Core.Common;
using Burden.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Burden.Worker.Cli;

/// <summary><c>burden serve</c>: the upload page, the API, the inbox, the monthly reports and the Hangfire dashboard.</summary>
internal static class ServeCommand
{
    public static Command Build(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = $"Addresses to listen on, separated by ';' (default {ServeOptions.DefaultUrls}; anything but loopback needs authentication)", DefaultValueFactory = _ => ServeOptions.DefaultUrls };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for inbox/, processed/, refused/, reports/ and the default database (default data/)", DefaultValueFactory = _ => ServeOptions.DefaultDataDir };
        var apiKeyFile = new Option<FileInfo?>("--api-key-file") { Description = $"File holding the API key (else ${ServeOptions.ApiKeyVariable}); clients send it as X-Api-Key" };
        var orgKeyFiles = new Option<string[]>("--org-key-file") { Description = "ORG=FILE: a key that sees only organisation ORG's pages, uploads, reports and results, read from FILE (repeat per organisation; also Burden__OrgKeys__ORG)", Arity = ArgumentArity.ZeroOrMore };
        var workers = new Option<int>("--workers") { Description = "Hangfire workers in this instance (default 2)", DefaultValueFactory = _ => 2 };
        var cron = new Option<string>("--monthly-cron") { Description = $"When the monthly reports run, as cron (default '{ServeOptions.DefaultMonthlyCron}': 06:00 on the 2nd, for the previous month; $BURDEN_MONTHLY_CRON)" };
        var noInbox = new Option<bool>("--no-inbox") { Description = "Do not watch DIR/inbox/ (when several instances share one data folder, one watches)" };
        var instance = new Option<string?>("--instance") { Description = "This instance's name, shown as processed_by on the uploads it processes and on the dashboard (default host:pid)" };
        var invisibility = new Option<int?>("--invisibility-timeout") { Description = $"Seconds before a job held by an instance that stopped answering is taken by another (shared queue on PostgreSQL or SQL Server; default {(int)ServeOptions.DefaultInvisibilityTimeout.TotalSeconds})" };
        var allowedHosts = new Option<string?>("--allowed-hosts") { Description = "Host names the service answers to, separated by ';' (default localhost;127.0.0.1;[::1]; $BURDEN_ALLOWED_HOSTS); *.example.nhs.uk for subdomains" };
        var retention = new Option<int?>("--upload-retention-days") { Description = "Days an accepted upload's bytes are kept after it is read (default 30; refused and skipped uploads' bytes are dropped at once)" };
        var baseline = new Option<string?>("--baseline") { Description = "Baseline the monthly reports compare with (default: the most recent)" };

        var command = new Command("serve", "Run the service: upload page and API, inbox folder, monthly reports, job dashboard at /hangfire");
        command.Options.Add(urls);
        command.Options.Add(dataDir);
        command.Options.Add(apiKeyFile);
        command.Options.Add(orgKeyFiles);
        command.Options.Add(workers);
        command.Options.Add(cron);
        command.Options.Add(baseline);
        command.Options.Add(noInbox);
        command.Options.Add(instance);
        command.Options.Add(invisibility);
        command.Options.Add(allowedHosts);
        command.Options.Add(retention);
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
                OrgApiKeys = OrgKeys.FromFiles(parse.GetValue(orgKeyFiles) ?? []),
                WorkerCount = parse.GetValue(workers),
                MonthlyCron = parse.GetValue(cron) ?? Environment.GetEnvironmentVariable("BURDEN_MONTHLY_CRON") ?? ServeOptions.DefaultMonthlyCron,
                ReportBaseline = parse.GetValue(baseline),
                WatchInbox = !parse.GetValue(noInbox),
                InstanceName = parse.GetValue(instance) is { Length: > 0 } name ? name : $"{Environment.MachineName}:{Environment.ProcessId}",
                InvisibilityTimeout = parse.GetValue(invisibility) is { } seconds
                    ? (seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new BurdenException($"--invisibility-timeout must be a positive number of seconds, not {seconds}"))
                    : ServeOptions.DefaultInvisibilityTimeout,
                Time = context.Time,
                AnalysisSettings = AnalyseCommand.LoadSettings(parse, settings, taxonomy),
                Verbose = parse.GetValue(context.Verbose),
            };
            if ((parse.GetValue(allowedHosts) ?? Environment.GetEnvironmentVariable("BURDEN_ALLOWED_HOSTS")) is { Length: > 0 } hosts)
            {
                options = options with { AllowedHosts = hosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
            }
            if (parse.GetValue(retention) is { } days)
            {
                options = options with { UploadRetention = TimeSpan.FromDays(Math.Max(0, days)) };
            }
            await using var app = await BurdenHost.BuildAsync(options, cancellationToken: cancellationToken);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException bind) when (bind.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new BurdenException($"cannot listen on {options.Urls}: the address is already in use (another burden serve?); stop it or give --urls http://127.0.0.1:OTHERPORT", bind);
            }
            // The addresses Kestrel reports after binding, not the ones asked for: whatever configured them, this is the truth.
            var bound = app.Services.GetRequiredService<BoundAddressGuard>().BoundAddresses;
            var served = app.Services.GetRequiredService<ServeOptions>();
            var orgKeys = served.OrgApiKeys.Count == 0 ? "" : $" (and keys for {string.Join(", ", served.OrgApiKeys.Keys.Order(StringComparer.Ordinal))} that see only their own organisation)";
            var access = served.ApiKey is not null || served.OrgApiKeys.Count > 0 ? "API key required" + orgKeys
                : served.ConfigureAuthentication is not null ? "single sign-on required"
                : "no API key: answers callers on this machine only";
            await context.Out.WriteLineAsync($"burden serve: listening on {string.Join(", ", bound)}; data in {Path.GetFullPath(options.DataDir)}; " +
                $"dashboard at /hangfire; {access}; host names {string.Join(", ", options.AllowedHosts)}. Ctrl+C to stop.");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
