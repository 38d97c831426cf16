using System.Globalization;
using System.Text;
using System.Text.Json;
using Burden.Core.Analysis;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Burden.Worker.Web;

/// <summary>
/// An organisation's results in the browser: <c>/orgs</c> lists the organisations with data, <c>/orgs/{ORG}?period=P</c>
/// shows the figures of <c>burden analyse --org ORG --period P --json</c>, and <c>/orgs/{ORG}/analysis.json</c> (pages)
/// and <c>GET /api/orgs/{ORG}/analysis</c> (scripts) send that document itself.
/// </summary>
/// <remarks>
/// The page is drawn from the JSON document <see cref="AnalysisJson"/> writes, not from the analysis records directly,
/// so every figure it shows is the document's value, rounded the same way: the two cannot drift apart. Each figure
/// carries <c>data-json</c> (its path in the document) and <c>data-value</c> (the document's value).
/// </remarks>
public static class ResultsPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/orgs", IndexAsync);
        app.MapGet("/orgs/{org}", ShowAsync);
        app.MapGet("/orgs/{org}/analysis.json", (string org, string? period, string? baseline, HttpContext context, IBurdenStore store, Analyser analyser, CancellationToken ct) =>
            JsonAsync(org, period, baseline, context, store, analyser, download: true, ct));
        app.MapGet("/api/orgs/{org}/analysis", (string org, string? period, string? baseline, HttpContext context, IBurdenStore store, Analyser analyser, CancellationToken ct) =>
            JsonAsync(org, period, baseline, context, store, analyser, download: false, ct));
    }

    /// <summary>What a request for one organisation's results asks for, checked; or the status and sentence that refuse it.</summary>
    private sealed record Asked(string Org, ReportingPeriod? Period, string? Baseline, IReadOnlyList<string> Orgs, IReadOnlyList<BaselineSnapshot> Baselines);

    private sealed record Refusal(int Status, string Message);

    private static async Task<(Asked? Asked, Refusal? Refusal)> CheckAsync(string org, string? period, string? baseline, HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var scope = AccessScope.Of(context);
        OrgCode? asked;
        try
        {
            asked = UploadIntake.NormaliseOrg(org) ?? throw new BurdenException("give an organisation code, such as /orgs/QMM");
        }
        catch (BurdenException invalid)
        {
            return (null, new Refusal(StatusCodes.Status400BadRequest, invalid.Message));
        }
        if (!scope.TryResolve(asked, out var resolved, out var refusal))
        {
            return (null, new Refusal(StatusCodes.Status403Forbidden, refusal));
        }
        var orgCode = resolved!.Value;
        ReportingPeriod? parsed = null;
        if (!string.IsNullOrWhiteSpace(period) && !ReportingPeriod.TryParse(period, out parsed))
        {
            return (null, new Refusal(StatusCodes.Status400BadRequest, $"'{period.Trim()}' is not a period (expected YYYY-MM such as 2022-11, or YYYY/YY such as 2025/26; blank for everything stored)"));
        }
        var orgs = (await store.ListOrganisationsAsync(null, ct)).Where(scope.Allows).Select(o => o.Value).ToList();
        if (!orgs.Contains(orgCode, StringComparer.OrdinalIgnoreCase))
        {
            return (null, new Refusal(StatusCodes.Status404NotFound, orgs.Count == 0
                ? $"no requests are stored for {orgCode}, nor for any organisation yet"
                : $"no requests are stored for {orgCode}; organisations with data: {string.Join(", ", orgs)}"));
        }
        var baselines = (await store.ListBaselinesAsync(ct)).Where(b => BaselineScope.Matches(b, orgCode)).ToList();
        string? baselineName = null;
        if (!string.IsNullOrWhiteSpace(baseline))
        {
            baselineName = baseline.Trim();
            var named = await store.LoadBaselineAsync(baselineName, ct);
            // A scoped caller is not told that a baseline of another scope exists.
            if (named is null || (scope.Scoped && !BaselineScope.Matches(named, orgCode)))
            {
                return (null, new Refusal(StatusCodes.Status404NotFound, $"baseline '{baselineName}' does not exist"));
            }
            if (!BaselineScope.Matches(named, orgCode))
            {
                return (null, new Refusal(StatusCodes.Status400BadRequest, new BaselineScopeException(named.Name, named.OrgCode, orgCode).Message));
            }
        }
        return (new Asked(orgCode, parsed, baselineName, orgs, baselines), null);
    }

    /// <summary>The analysis document for the scope, exactly as <c>burden analyse --json</c> writes it.</summary>
    private static async Task<byte[]> DocumentAsync(Asked asked, IBurdenStore store, Analyser analyser, CancellationToken ct)
    {
        var result = await analyser.AnalyseAsync(store, new AnalysisScope(asked.Period, asked.Org, asked.Baseline), ct);
        using var buffer = new MemoryStream();
        AnalysisJson.Write(result, buffer);
        return buffer.ToArray();
    }

    private static async Task<IResult> JsonAsync(string org, string? period, string? baseline, HttpContext context, IBurdenStore store, Analyser analyser, bool download, CancellationToken ct)
    {
        var (asked, refusal) = await CheckAsync(org, period, baseline, context, store, ct);
        if (refusal is not null)
        {
            return Results.Json(new { error = refusal.Message }, statusCode: refusal.Status);
        }
        var document = await DocumentAsync(asked!, store, analyser, ct);
        context.Response.Headers.CacheControl = "no-store";
        var name = $"burden-{asked!.Org}-{asked.Period?.Label.Replace('/', '-') ?? "all"}.json";
        return download ? Results.File(document, "application/json", name) : Results.Bytes(document, "application/json");
    }

    private static async Task IndexAsync(HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var scope = AccessScope.Of(context);
        var orgs = (await store.ListOrganisationsAsync(null, ct)).Where(scope.Allows).Select(o => o.Value).ToList();
        var body = new StringBuilder("<div class=\"card\"><h1>Results by organisation</h1>");
        body.Append("<p class=\"hint\">The figures of the monthly report for one organisation and period, in the browser. Organisations are listed once a request log of theirs is stored.</p>");
        if (orgs.Count == 0)
        {
            body.Append("<p data-testid=\"no-orgs\">No organisation has stored requests yet. <a href=\"/\">Upload a request log</a>.</p>");
        }
        else
        {
            body.Append("<ul class=\"orgs\" data-testid=\"orgs\">");
            foreach (var o in orgs)
            {
                body.Append("<li><a href=\"/orgs/").Append(Uri.EscapeDataString(o)).Append("\">").Append(HtmlPage.Encode(o)).Append("</a></li>");
            }
            body.Append("</ul>");
        }
        body.Append("</div>");
        await HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Results", body.ToString());
    }

    private static async Task ShowAsync(string org, string? period, string? baseline, HttpContext context, IBurdenStore store, Analyser analyser, CancellationToken ct)
    {
        var (asked, refusal) = await CheckAsync(org, period, baseline, context, store, ct);
        if (refusal is not null)
        {
            await HtmlPage.WriteAsync(context, refusal.Status, "Results",
                $"<div class=\"card\"><h1>Results</h1><div class=\"error\" role=\"alert\">{HtmlPage.Encode(refusal.Message)}</div><p><a href=\"/orgs\">Organisations with data</a></p></div>");
            return;
        }
        var document = await DocumentAsync(asked!, store, analyser, ct);
        using var json = JsonDocument.Parse(document);
        var scope = AccessScope.Of(context);
        var reports = (await store.ListReportsAsync(ct))
            .Where(r => scope.Allows(r.OrgCode) && string.Equals(r.OrgCode?.Value, asked!.Org, StringComparison.OrdinalIgnoreCase) && asked.Period is not null && r.Period == asked.Period.Label)
            .OrderByDescending(r => r.CreatedAt)
            .ToList();
        var title = $"{asked!.Org}, {asked.Period?.Label ?? "all periods"}";
        await HtmlPage.WriteAsync(context, StatusCodes.Status200OK, title, ResultsView.Render(json.RootElement, asked.Org, asked.Period?.Label, asked.Baseline, asked.Baselines, reports, canReview: !scope.Scoped));
    }
}

/// <summary>Draws the results page from the analysis JSON document.</summary>
internal static class ResultsView
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, string> FrequencyWords = new(StringComparer.Ordinal)
    {
        ["daily"] = "Daily", ["weekly"] = "Weekly", ["fortnightly"] = "Fortnightly", ["monthly"] = "Monthly", ["quarterly"] = "Quarterly", ["annual"] = "Annual", ["ad_hoc"] = "Ad hoc",
    };

    private static readonly Dictionary<string, string> RecommendationWords = new(StringComparer.Ordinal)
    {
        ["keep"] = "Keep", ["retire"] = "Retire", ["merge"] = "Merge", ["automate"] = "Automate", ["reduce_frequency"] = "Reduce frequency",
        ["add_outcomes"] = "Add outcomes", ["confirm_purpose"] = "Confirm purpose",
    };

    private static readonly Dictionary<string, string> DeltaWords = new(StringComparer.Ordinal)
    {
        ["collections"] = "Collections", ["submissions_per_year"] = "Submissions a year", ["hours_per_year"] = "Hours a year",
        ["cost_gbp_per_year"] = "Cost a year", ["share_output_only"] = "Output-only share", ["share_automatable"] = "Automatable share",
    };

    public static string Render(JsonElement doc, string org, string? period, string? baseline, IReadOnlyList<BaselineSnapshot> baselines, IReadOnlyList<ReportRecord> reports, bool canReview)
    {
        var totals = doc.GetProperty("totals");
        var collections = doc.GetProperty("collections").EnumerateArray().ToList();
        var titles = collections.ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("title").GetString()!, StringComparer.Ordinal);
        var query = Query(period, baseline);
        var html = new StringBuilder();

        html.Append("<div class=\"card\"><h1>").Append(HtmlPage.Encode(org)).Append(": ").Append(HtmlPage.Encode(period ?? "all periods")).Append("</h1>");
        html.Append("<p class=\"hint\">The figures of <code>burden analyse --org ").Append(HtmlPage.Encode(org))
            .Append(period is null ? "" : " --period " + HtmlPage.Encode(period)).Append(baseline is null ? "" : " --baseline " + HtmlPage.Encode(baseline))
            .Append(" --json</code>, analysed now. Hours and costs are per year unless marked otherwise.</p>");
        html.Append("<form method=\"get\" action=\"/orgs/").Append(Uri.EscapeDataString(org)).Append("\" class=\"scope\">");
        html.Append("<div><label for=\"period\">Period</label><input type=\"text\" id=\"period\" name=\"period\" maxlength=\"7\" aria-describedby=\"period-hint\" value=\"").Append(HtmlPage.Encode(period)).Append("\">");
        html.Append("<p class=\"hint\" id=\"period-hint\">YYYY-MM or YYYY/YY; blank for everything stored.</p></div>");
        html.Append("<div><label for=\"baseline\">Compare with baseline</label><select id=\"baseline\" name=\"baseline\"><option value=\"\">None</option>");
        foreach (var b in baselines)
        {
            html.Append("<option value=\"").Append(HtmlPage.Encode(b.Name)).Append('"').Append(b.Name == baseline ? " selected" : "").Append('>').Append(HtmlPage.Encode(b.Name)).Append("</option>");
        }
        html.Append("</select></div><div><button type=\"submit\">Show</button></div></form>");
        if (doc.GetProperty("coverage").GetProperty("statement").GetString() is { Length: > 0 } coverage)
        {
            html.Append("<p data-testid=\"coverage\">").Append(HtmlPage.Encode(coverage)).Append("</p>");
        }
        html.Append("<p class=\"downloads\">");
        if (reports.FirstOrDefault() is { } report)
        {
            html.Append("<a href=\"/reports/").Append(Uri.EscapeDataString(report.Name)).Append("\" data-testid=\"workbook\">Workbook ").Append(HtmlPage.Encode(report.Name)).Append("</a>")
                .Append(" <span class=\"hint\">written ").Append(HtmlPage.Encode(report.CreatedAt.UtcDateTime.ToString("d MMM yyyy HH:mm", Inv))).Append(" UTC</span>");
            if (ReportDownloads.SpillOf(report) is { } spill)
            {
                html.Append(" · <a href=\"/reports/").Append(Uri.EscapeDataString(spill.Name)).Append("\" data-testid=\"requests-csv\">every request (CSV, ")
                    .Append(HtmlPage.Encode(spill.Name)).Append(")</a>");
            }
            html.Append(" · ");
        }
        else if (period is not null)
        {
            html.Append("<span class=\"hint\" data-testid=\"no-workbook\">No workbook has been written for this period yet (monthly reports are written on the 2nd; scripts can ask for one with POST /api/reports).</span> · ");
        }
        html.Append("<a href=\"/orgs/").Append(Uri.EscapeDataString(org)).Append("/analysis.json").Append(query).Append("\">The analysis as JSON</a></p></div>");

        Headline(html, totals);
        ByFrequency(html, totals.GetProperty("by_frequency"));
        ByRequester(html, doc.GetProperty("by_requester"));
        Recommendations(html, collections);
        Duplicates(html, doc, titles, canReview);
        OutputOnly(html, collections, totals);
        Automatable(html, collections, totals);
        Baseline(html, doc.GetProperty("baseline"), baselines.Count);
        return html.ToString();
    }

    private static void Headline(StringBuilder html, JsonElement t)
    {
        html.Append("<div class=\"card\"><h2>Headline figures</h2><dl class=\"figures\" data-testid=\"headline\">");
        Figure(html, "Requests received", t, "totals", "requests", Count);
        Figure(html, "Collections", t, "totals", "collections", Count);
        Figure(html, "Hours spent in the period", t, "totals", "hours", Hours);
        Figure(html, "Hours a year", t, "totals", "hours_per_year", Hours);
        Figure(html, "Cost a year", t, "totals", "cost_gbp_per_year", Pounds);
        Figure(html, "Submissions a year", t, "totals", "submissions_per_year", Count);
        Figure(html, "Output-only collections", t, "totals", "share_output_only", Share);
        Figure(html, "Could come from automated sources", t, "totals", "share_automatable", Share);
        Figure(html, "Hours a year saved if every recommendation were taken", t, "totals", "hours_saved_per_year", Hours);
        Figure(html, "Cost a year saved if every recommendation were taken", t, "totals", "cost_gbp_saved_per_year", Pounds);
        html.Append("</dl>");
        html.Append("<table data-testid=\"savings\"><caption>Of those savings, how far they rest on a decision</caption><thead><tr><th scope=\"col\">Savings</th><th scope=\"col\" class=\"num\">Hours a year</th><th scope=\"col\" class=\"num\">Cost a year</th></tr></thead><tbody>");
        var savings = t.GetProperty("savings");
        foreach (var (key, words) in new[] { ("agreed", "Agreed by a reviewer"), ("on_evidence", "On evidence, not yet agreed"), ("suggested", "Only suggested") })
        {
            var s = savings.GetProperty(key);
            var path = $"totals.savings.{key}";
            html.Append("<tr><th scope=\"row\">").Append(words).Append("</th>");
            Cell(html, s, path, "hours_per_year", Hours);
            Cell(html, s, path, "cost_gbp_per_year", Pounds);
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static void ByFrequency(StringBuilder html, JsonElement byFrequency)
    {
        var rows = byFrequency.EnumerateObject().Where(f => f.Value.GetProperty("collections").GetInt32() > 0).ToList();
        html.Append("<div class=\"card\"><h2>By frequency</h2>");
        html.Append(SvgBarChart.Render("chart-frequency", "Hours a year by frequency",
            "Hours a year spent answering collections of each frequency.",
            [.. rows.Select(f => new SvgBarChart.Bar(Word(FrequencyWords, f.Name), f.Value.GetProperty("hours_per_year").GetDouble(), Hours(f.Value.GetProperty("hours_per_year"))))]));
        html.Append("<table data-testid=\"by-frequency\"><caption class=\"visually-hidden\">Collections, requests and hours by frequency</caption><thead><tr><th scope=\"col\">Frequency</th><th scope=\"col\" class=\"num\">Collections</th><th scope=\"col\" class=\"num\">Requests</th><th scope=\"col\" class=\"num\">Hours in the period</th><th scope=\"col\" class=\"num\">Hours a year</th></tr></thead><tbody>");
        foreach (var f in rows)
        {
            var path = $"totals.by_frequency.{f.Name}";
            html.Append("<tr data-frequency=\"").Append(HtmlPage.Encode(f.Name)).Append("\"><th scope=\"row\">").Append(HtmlPage.Encode(Word(FrequencyWords, f.Name))).Append("</th>");
            Cell(html, f.Value, path, "collections", Count);
            Cell(html, f.Value, path, "requests", Count);
            Cell(html, f.Value, path, "hours", Hours);
            Cell(html, f.Value, path, "hours_per_year", Hours);
            html.Append("</tr>");
        }
        html.Append("</tbody></table><p class=\"hint\">Frequencies with no collections are left out.</p></div>");
    }

    private static void ByRequester(StringBuilder html, JsonElement byRequester)
    {
        var rows = byRequester.EnumerateArray().ToList();
        html.Append("<div class=\"card\"><h2>By requester</h2>");
        html.Append(SvgBarChart.Render("chart-requester", "Hours a year by requester",
            "Hours a year spent answering each requester's collections.",
            [.. rows.Select(r => new SvgBarChart.Bar(r.GetProperty("name").GetString()!, r.GetProperty("hours_per_year").GetDouble(), Hours(r.GetProperty("hours_per_year"))))]));
        html.Append("<table data-testid=\"by-requester\"><caption class=\"visually-hidden\">Collections, requests, hours and cost by requester</caption><thead><tr><th scope=\"col\">Requester</th><th scope=\"col\" class=\"num\">Collections</th><th scope=\"col\" class=\"num\">Requests</th><th scope=\"col\" class=\"num\">Hours in the period</th><th scope=\"col\" class=\"num\">Hours a year</th><th scope=\"col\" class=\"num\">Cost a year</th></tr></thead><tbody>");
        for (var i = 0; i < rows.Count; i++)
        {
            var path = $"by_requester.{i}";
            html.Append("<tr>");
            Cell(html, rows[i], path, "name", Text, header: true);
            Cell(html, rows[i], path, "collections", Count);
            Cell(html, rows[i], path, "requests", Count);
            Cell(html, rows[i], path, "hours", Hours);
            Cell(html, rows[i], path, "hours_per_year", Hours);
            Cell(html, rows[i], path, "cost_gbp_per_year", Pounds);
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static void Recommendations(StringBuilder html, List<JsonElement> collections)
    {
        var changes = collections.Select((c, i) => (c, i)).Where(x => x.c.GetProperty("recommendation").GetString() != "keep")
            .OrderByDescending(x => x.c.GetProperty("hours_saved_per_year").GetDouble()).ThenBy(x => x.i).ToList();
        html.Append("<div class=\"card\"><h2>Recommendations and their savings</h2>");
        if (changes.Count == 0)
        {
            html.Append("<p data-testid=\"no-recommendations\">Every collection is recommended to be kept as it is.</p></div>");
            return;
        }
        html.Append("<table data-testid=\"recommendations\"><caption class=\"visually-hidden\">Each collection recommended for a change, with the hours and cost a year it would save, largest first</caption><thead><tr><th scope=\"col\">Collection</th><th scope=\"col\">Recommendation</th><th scope=\"col\">Confidence</th><th scope=\"col\">Why</th><th scope=\"col\" class=\"num\">Hours a year saved</th><th scope=\"col\" class=\"num\">Cost a year saved</th></tr></thead><tbody>");
        foreach (var (c, i) in changes)
        {
            var path = $"collections.{i}";
            html.Append("<tr data-collection=\"").Append(HtmlPage.Encode(c.GetProperty("id").GetString())).Append("\">");
            Cell(html, c, path, "title", Text, header: true);
            Cell(html, c, path, "recommendation", v => Word(RecommendationWords, v.GetString()!));
            Cell(html, c, path, "confidence", Text);
            Cell(html, c, path, "recommendation_reason", Text);
            Cell(html, c, path, "hours_saved_per_year", Hours);
            Cell(html, c, path, "cost_gbp_saved_per_year", Pounds);
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
    }

    private static void Duplicates(StringBuilder html, JsonElement doc, Dictionary<string, string> titles, bool canReview)
    {
        var groups = doc.GetProperty("duplicate_groups").EnumerateArray().ToList();
        var pairs = doc.GetProperty("duplicate_pairs").GetArrayLength();
        html.Append("<div class=\"card\"><h2>Duplicate groups</h2>");
        html.Append("<p>").Append(pairs.ToString("N0", Inv)).Append(pairs == 1 ? " pair" : " pairs").Append(" of collections ask for the same figures, in ")
            .Append(groups.Count.ToString("N0", Inv)).Append(groups.Count == 1 ? " group" : " groups").Append(canReview ? ". Review them on the <a href=\"/review\">review page</a>.</p>" : ".</p>");
        if (groups.Count > 0)
        {
            html.Append("<table data-testid=\"duplicate-groups\"><caption class=\"visually-hidden\">Each group of duplicate collections and the one to keep</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Collections</th><th scope=\"col\">Keep</th><th scope=\"col\">Why that one</th></tr></thead><tbody>");
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                var path = $"duplicate_groups.{i}";
                html.Append("<tr>");
                Cell(html, g, path, "id", Text, header: true);
                html.Append("<td><ul class=\"plain\">");
                var members = g.GetProperty("collections").EnumerateArray().Select(m => m.GetString()!).ToList();
                for (var m = 0; m < members.Count; m++)
                {
                    html.Append("<li data-json=\"").Append(path).Append(".collections.").Append(m).Append("\" data-value=\"").Append(HtmlPage.Encode(members[m])).Append("\">")
                        .Append(HtmlPage.Encode(titles.GetValueOrDefault(members[m], members[m]))).Append("</li>");
                }
                html.Append("</ul></td>");
                Cell(html, g, path, "keep", v => titles.GetValueOrDefault(v.GetString()!, v.GetString()!));
                Cell(html, g, path, "keep_reason", Text);
                html.Append("</tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</div>");
    }

    private static void OutputOnly(StringBuilder html, List<JsonElement> collections, JsonElement totals)
    {
        var rows = collections.Select((c, i) => (c, i)).Where(x => x.c.GetProperty("output_only").GetBoolean()).ToList();
        html.Append("<div class=\"card\"><h2>Output-only collections</h2><p>");
        Inline(html, totals, "totals", "share_output_only", Share);
        html.Append(" of collections ask for no outcome at all (none of their items measures an outcome): ").Append(rows.Count.ToString("N0", Inv)).Append(rows.Count == 1 ? " collection." : " collections.").Append("</p>");
        CollectionTable(html, "output-only", "Output-only collections", rows, c => c.GetProperty("data_items").GetArrayLength().ToString("N0", Inv) + " items", "Items");
        html.Append("</div>");
    }

    private static void Automatable(StringBuilder html, List<JsonElement> collections, JsonElement totals)
    {
        var rows = collections.Select((c, i) => (c, i)).Where(x => x.c.GetProperty("automatable_from").GetArrayLength() > 0).ToList();
        html.Append("<div class=\"card\"><h2>Could come from automated sources</h2><p>");
        Inline(html, totals, "totals", "share_automatable", Share);
        html.Append(" of collections ask for figures a dataset that already flows automatically carries (recommendation 25a): ").Append(rows.Count.ToString("N0", Inv)).Append(rows.Count == 1 ? " collection." : " collections.").Append("</p>");
        CollectionTable(html, "automatable", "Collections that could come from automated sources", rows,
            c => string.Join(", ", c.GetProperty("automatable_from").EnumerateArray().Select(s => s.GetString())), "From");
        html.Append("</div>");
    }

    private static void CollectionTable(StringBuilder html, string testId, string caption, List<(JsonElement c, int i)> rows, Func<JsonElement, string> extra, string extraHeading)
    {
        if (rows.Count == 0)
        {
            return;
        }
        html.Append("<table data-testid=\"").Append(testId).Append("\"><caption class=\"visually-hidden\">").Append(HtmlPage.Encode(caption)).Append("</caption><thead><tr><th scope=\"col\">Collection</th><th scope=\"col\">Requester</th><th scope=\"col\">Frequency</th><th scope=\"col\">")
            .Append(extraHeading).Append("</th><th scope=\"col\" class=\"num\">Hours a year</th></tr></thead><tbody>");
        foreach (var (c, i) in rows)
        {
            var path = $"collections.{i}";
            html.Append("<tr data-collection=\"").Append(HtmlPage.Encode(c.GetProperty("id").GetString())).Append("\">");
            Cell(html, c, path, "title", Text, header: true);
            Cell(html, c, path, "requester", Text);
            Cell(html, c, path, "frequency", v => Word(FrequencyWords, v.GetString()!));
            html.Append("<td>").Append(HtmlPage.Encode(extra(c))).Append("</td>");
            Cell(html, c, path, "hours_per_year", Hours);
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void Baseline(StringBuilder html, JsonElement baseline, int available)
    {
        html.Append("<div class=\"card\"><h2>Against the baseline</h2>");
        if (baseline.ValueKind == JsonValueKind.Null)
        {
            html.Append("<p data-testid=\"no-baseline\">").Append(available == 0
                ? "No baseline of this organisation's scope is stored yet (burden baseline create, or POST /api/baselines)."
                : "Not compared with a baseline: choose one above.").Append("</p></div>");
            return;
        }
        html.Append("<p>Compared with baseline <strong data-json=\"baseline.name\" data-value=\"").Append(HtmlPage.Encode(baseline.GetProperty("name").GetString())).Append("\">")
            .Append(HtmlPage.Encode(baseline.GetProperty("name").GetString())).Append("</strong>");
        if (baseline.GetProperty("period").GetString() is { } period)
        {
            html.Append(" (").Append(HtmlPage.Encode(period)).Append(')');
        }
        var added = baseline.GetProperty("added").GetArrayLength();
        var retired = baseline.GetProperty("retired").GetArrayLength();
        var changed = baseline.GetProperty("changed").EnumerateArray().ToList();
        html.Append(": <span data-testid=\"added\">").Append(added).Append("</span> added, <span data-testid=\"retired\">").Append(retired)
            .Append("</span> retired, <span data-testid=\"changed\">").Append(changed.Count).Append("</span> changed.</p>");
        html.Append("<table data-testid=\"deltas\"><caption class=\"visually-hidden\">Each figure at the baseline and now</caption><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\" class=\"num\">Baseline</th><th scope=\"col\" class=\"num\">Now</th><th scope=\"col\" class=\"num\">Change</th></tr></thead><tbody>");
        foreach (var d in baseline.GetProperty("deltas").EnumerateObject())
        {
            var path = $"baseline.deltas.{d.Name}";
            var share = d.Name.StartsWith("share_", StringComparison.Ordinal);
            Func<JsonElement, string> format = share ? Share : d.Name.Contains("cost", StringComparison.Ordinal) ? Pounds : d.Name.Contains("hours", StringComparison.Ordinal) ? Hours : Count;
            html.Append("<tr><th scope=\"row\">").Append(HtmlPage.Encode(Word(DeltaWords, d.Name))).Append("</th>");
            Cell(html, d.Value, path, "baseline", format);
            Cell(html, d.Value, path, "current", format);
            // A change in a share is in percentage points, not a percentage of the share.
            Cell(html, d.Value, path, "change", share ? Points : v => Signed(v, format));
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (changed.Count > 0)
        {
            html.Append("<h3>Changed collections</h3><table data-testid=\"changed-collections\"><thead><tr><th scope=\"col\">Collection</th><th scope=\"col\">Kind</th><th scope=\"col\">What changed</th><th scope=\"col\" class=\"num\">Hours a year before</th><th scope=\"col\" class=\"num\">Now</th></tr></thead><tbody>");
            for (var i = 0; i < changed.Count; i++)
            {
                var path = $"baseline.changed.{i}";
                html.Append("<tr>");
                Cell(html, changed[i], path, "title", Text, header: true);
                Cell(html, changed[i], path, "kind", v => v.GetString() == "program_change" ? "Program change" : "Adjustment");
                Cell(html, changed[i], path, "what", Text);
                Cell(html, changed[i], path, "hours_per_year_before", Hours);
                Cell(html, changed[i], path, "hours_per_year_now", Hours);
                html.Append("</tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</div>");
    }

    private static void Figure(StringBuilder html, string label, JsonElement parent, string path, string key, Func<JsonElement, string> format)
    {
        html.Append("<div><dt>").Append(HtmlPage.Encode(label)).Append("</dt><dd>");
        Inline(html, parent, path, key, format);
        html.Append("</dd></div>");
    }

    private static void Cell(StringBuilder html, JsonElement parent, string path, string key, Func<JsonElement, string> format, bool header = false)
    {
        var value = parent.GetProperty(key);
        var numeric = value.ValueKind == JsonValueKind.Number;
        html.Append(header ? "<th scope=\"row\"" : "<td").Append(numeric ? " class=\"num\"" : "")
            .Append(" data-json=\"").Append(HtmlPage.Encode($"{path}.{key}")).Append("\" data-value=\"").Append(HtmlPage.Encode(Raw(value))).Append("\">")
            .Append(HtmlPage.Encode(format(value))).Append(header ? "</th>" : "</td>");
    }

    private static void Inline(StringBuilder html, JsonElement parent, string path, string key, Func<JsonElement, string> format)
    {
        var value = parent.GetProperty(key);
        html.Append("<span data-json=\"").Append(HtmlPage.Encode($"{path}.{key}")).Append("\" data-value=\"").Append(HtmlPage.Encode(Raw(value))).Append("\">")
            .Append(HtmlPage.Encode(format(value))).Append("</span>");
    }

    /// <summary>The document's own text of a value: a number exactly as written, a string unquoted.</summary>
    private static string Raw(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static string Text(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();

    private static string Count(JsonElement v) => v.GetDouble().ToString("N0", Inv);

    private static string Hours(JsonElement v) => v.GetDouble().ToString("N1", Inv);

    private static string Pounds(JsonElement v) => (v.GetDouble() < 0 ? "-£" : "£") + Math.Abs(v.GetDouble()).ToString("N0", Inv);

    private static string Share(JsonElement v) => (v.GetDouble() * 100).ToString("0.#", Inv) + "%";

    private static string Points(JsonElement v) => (v.GetDouble() * 100).ToString("+0.#;-0.#;0", Inv) + " points";

    private static string Signed(JsonElement v, Func<JsonElement, string> format) => v.GetDouble() > 0 ? "+" + format(v) : format(v);

    private static string Word(Dictionary<string, string> words, string token) => words.GetValueOrDefault(token, token.Replace('_', ' '));

    private static string Query(string? period, string? baseline)
    {
        var parts = new List<string>();
        if (period is not null)
        {
            parts.Add("period=" + Uri.EscapeDataString(period));
        }
        if (baseline is not null)
        {
            parts.Add("baseline=" + Uri.EscapeDataString(baseline));
        }
        return parts.Count == 0 ? "" : "?" + string.Join("&amp;", parts);
    }
}
