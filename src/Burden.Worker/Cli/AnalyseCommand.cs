using Burden.Worker.Meaning;
using System.CommandLine;
using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Worker.Cli;

/// <summary><c>burden analyse [--period P] [--org CODE] [--baseline NAME] --json PATH</c>: the analysis document.</summary>
internal static class AnalyseCommand
{
    public static Command Build(CliContext context)
    {
        var period = PeriodOption();
        var org = OrgOption();
        var baseline = new Option<string?>("--baseline") { Description = "Compare with this baseline (see 'burden baseline list')" };
        var json = new Option<string>("--json") { Description = "Write the analysis JSON document here (docs/analysis-json.md)", Required = true };
        var settings = SettingsOption();
        var taxonomy = TaxonomyOption();
        var command = new Command("analyse", "Analyse stored requests and catalogue: burden, cost, duplicates, outcomes, recommendations")
        {
            period, org, baseline, json, settings, taxonomy,
        };
        command.Aliases.Add("analyze");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var analyser = NewAnalyser(context, LoadSettings(parse, settings, taxonomy));
            var scope = new AnalysisScope(ParsePeriod(parse.GetValue(period)), parse.GetValue(org), parse.GetValue(baseline));
            var store = await context.OpenExistingStoreAsync(parse, cancellationToken);
            await context.RequireOrganisationAsync(store, parse.GetValue(org), cancellationToken);
            var result = await analyser.AnalyseAsync(store, scope, cancellationToken);
            var path = parse.GetValue(json)!;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
            await using (var stream = File.Create(path))
            {
                AnalysisJson.Write(result, stream);
            }
            await WriteSummaryAsync(context.Out, result);
            await context.Out.WriteLineAsync($"wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Option<string?> PeriodOption() => new("--period") { Description = "A month YYYY-MM (2022-11) or a financial year YYYY/YY (2025/26); everything stored when omitted" };

    internal static Option<OrgCode?> OrgOption(string description = "One organisation's ODS code (QMM); all organisations when omitted") => new("--org")
    {
        Description = description,
        HelpName = "CODE",
        CustomParser = ParseOrg,
    };

    /// <summary>Reads <c>--org</c> once, upper-cased; a value that is not a code is a usage error saying what was expected.</summary>
    private static OrgCode? ParseOrg(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;
        if (OrgCode.TryParse(text, out var code, out var reason))
        {
            return code;
        }
        result.AddError($"--org: {reason}");
        return null;
    }

    internal static Option<string?> SettingsOption() => new("--settings") { Description = "Analysis settings JSON file (rates, on-cost factor, thresholds; docs/analysis-settings.md)" };

    internal static Option<string?> TaxonomyOption() => new("--taxonomy") { Description = "Taxonomy file whose rules are tried before the shipped ones" };

    /// <summary>An analyser with the settings' embedding model (loaded on first use) and progress on standard error.</summary>
    internal static Analyser NewAnalyser(CliContext context, AnalysisSettings settings) =>
        new(context.Time, settings, encoder: Meaning.BundledEncoders.For(settings), progress: new Meaning.EncodingProgressWriter(context.Err));

    internal static ReportingPeriod? ParsePeriod(string? text) => string.IsNullOrWhiteSpace(text) ? null : ReportingPeriod.Parse(text);

    internal static AnalysisSettings LoadSettings(ParseResult parse, Option<string?> settingsOption, Option<string?> taxonomyOption)
    {
        var path = parse.GetValue(settingsOption) ?? Environment.GetEnvironmentVariable("BURDEN_SETTINGS");
        var settings = string.IsNullOrWhiteSpace(path) ? new AnalysisSettings() : AnalysisSettings.FromFile(path);
        if (parse.GetValue(taxonomyOption) is { Length: > 0 } taxonomy)
        {
            settings = settings with { TaxonomyFile = Path.GetFullPath(taxonomy) };
        }
        return settings;
    }

    internal static async Task WriteSummaryAsync(TextWriter output, AnalysisResult r)
    {
        var t = r.Totals;
        var inv = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(inv, $"{r.Period ?? "all periods"}, {r.Org?.Value ?? "all organisations"}: {t.Collections} collections, {t.Requests} requests, {t.Hours:0.#} hours; {t.HoursPerYear:N0} hours a year, £{t.CostGbpPerYear:N0} a year"));
        foreach (var f in Frequencies.All)
        {
            var ft = t.ByFrequency[f];
            if (ft.Collections > 0)
            {
                await output.WriteLineAsync(string.Create(inv, $"  {f.Token(),-11} {ft.Collections,4} collections {ft.Requests,5} requests {ft.Hours,8:0.#} hours"));
            }
        }
        await output.WriteLineAsync(string.Create(inv, $"duplicates: {r.DuplicatePairs.Count} pairs in {r.DuplicateGroups.Count} groups; output-only {t.ShareOutputOnly:P0}; automatable {t.ShareAutomatable:P0}; saving if all recommendations taken {t.HoursSavedPerYear:N0} hours, £{t.CostGbpSavedPerYear:N0} a year"));
        await output.WriteLineAsync(string.Create(inv, $"savings: {t.HoursSavedAgreedPerYear:N0} hours a year agreed, {t.HoursSavedOnEvidencePerYear:N0} on evidence, {t.HoursSavedSuggestedPerYear:N0} only suggested; {r.Collections.Count(c => c.Recommendation == Core.Rationalise.Recommendation.ConfirmPurpose)} collections need their purpose confirmed"));
        if (CoverageText.Statement(r.Coverage, r.Period) is { } coverage)
        {
            await output.WriteLineAsync($"coverage: {coverage}");
        }
        if (r.DismissedPairs.Count > 0)
        {
            await output.WriteLineAsync(string.Create(inv, $"dismissed by reviewers: {r.DismissedPairs.Count} pairs (not duplicates)"));
        }
        if (r.Baseline is { } b)
        {
            await output.WriteLineAsync(string.Create(inv, $"against baseline '{b.Name}': {b.Added.Count} added, {b.Retired.Count} retired, {b.Changed.Count} changed; hours a year {b.Deltas["hours_per_year"].Change:+#,0;-#,0;0}"));
            foreach (var f in b.FollowUps)
            {
                await output.WriteLineAsync($"  agreed {f.Action} of '{f.Title}' ({f.By}, {f.At:yyyy-MM-dd}): {(f.StillCollected ? "still collected" : "no longer collected")}");
            }
        }
    }
}
