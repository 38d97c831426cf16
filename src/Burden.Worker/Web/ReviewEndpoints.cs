using System.Globalization;
using System.Text;
using Burden.Core.Analysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Rationalise;
using Burden.Core.Reports;
using Burden.Core.Review;
using Burden.Core.Storage;
using Burden.Worker.Jobs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Burden.Worker.Web;

/// <summary>
/// The review page (<c>/review</c>): duplicate pairs and recommendations with their evidence, a decision and note per row,
/// and a reviewed workbook uploaded back; and the API (<c>GET/POST /api/reviews</c>). Plain forms, no script, so the
/// pages keep their Content-Security-Policy.
/// </summary>
public static class ReviewEndpoints
{
    /// <summary>The cookie that remembers a reviewer's typed name when there is no single sign-on.</summary>
    public const string ReviewerCookie = "burden_reviewer";

    private const int ReviewerMaxLength = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/review", ShowAsync);
        app.MapPost("/review/decide", DecideAsync);
        app.MapPost("/review/import", ImportFormAsync);
        app.MapGet("/api/reviews", ListAsync);
        app.MapPost("/api/reviews", ImportApiAsync);
    }

    /// <summary>The signed-in user's name under single sign-on, else null.</summary>
    internal static string? SignedInName(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    private static async Task ShowAsync(HttpContext context, IBurdenStore store, Analyser analyser, string? org, string? period, string? saved, CancellationToken ct)
    {
        var body = new StringBuilder();
        string? error = null;
        ReportingPeriod? parsedPeriod = null;
        if (!string.IsNullOrWhiteSpace(period) && !ReportingPeriod.TryParse(period, out parsedPeriod))
        {
            error = $"'{period}' is not a period (expected YYYY-MM such as 2022-11, or YYYY/YY such as 2025/26).";
        }
        OrgCode? orgCode = null;
        try
        {
            orgCode = UploadIntake.NormaliseOrg(org);
        }
        catch (BurdenException invalid)
        {
            error = invalid.Message;
        }
        var orgs = await store.ListOrganisationsAsync(null, ct);
        var signedIn = SignedInName(context);
        var reviewer = signedIn ?? context.Request.Cookies[ReviewerCookie];
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);

        body.Append("<div class=\"card\"><h1>Review duplicates and recommendations</h1>");
        body.Append("<p class=\"hint\">Choose an organisation and a period, then record a decision on each pair and recommendation. A pair marked not a duplicate leaves later analyses; a decision becomes stale when either collection's items change.</p>");
        body.Append("<form method=\"get\" action=\"/review\">");
        body.Append("<label for=\"org\">Organisation</label><select id=\"org\" name=\"org\"><option value=\"\">All organisations</option>");
        foreach (var o in orgs)
        {
            body.Append("<option value=\"").Append(HtmlPage.Encode(o.Value)).Append('"').Append(o == orgCode ? " selected" : "").Append('>').Append(HtmlPage.Encode(o.Value)).Append("</option>");
        }
        body.Append("</select>");
        body.Append("<label for=\"period\">Period</label><p class=\"hint\" id=\"period-hint\">A month YYYY-MM or a financial year YYYY/YY; blank for everything stored.</p>");
        body.Append("<input type=\"text\" id=\"period\" name=\"period\" aria-describedby=\"period-hint\" maxlength=\"7\" value=\"").Append(HtmlPage.Encode(parsedPeriod?.Label ?? period)).Append("\">");
        body.Append("<div><button type=\"submit\">Show</button></div></form>");
        body.Append(signedIn is not null
            ? $"<p>Deciding as <strong data-testid=\"reviewer\">{HtmlPage.Encode(signedIn)}</strong> (single sign-on).</p>"
            : "<p class=\"hint\">Type your name with your first decision; this browser remembers it.</p>");
        body.Append("</div>");
        if (saved is { Length: > 0 })
        {
            body.Append("<div class=\"done-note\" role=\"status\">").Append(HtmlPage.Encode(saved)).Append("</div>");
        }
        if (error is not null)
        {
            body.Append("<div class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</div>");
            await HtmlPage.WriteAsync(context, StatusCodes.Status400BadRequest, "Review", body.ToString());
            return;
        }

        var analysis = await analyser.AnalyseAsync(store, new AnalysisScope(parsedPeriod, orgCode, null), ct);
        var byId = analysis.Collections.ToDictionary(c => c.Id, StringComparer.Ordinal);
        string Title(string id) => byId.TryGetValue(id, out var c) ? c.Title : id;
        string Version(string id) => byId.TryGetValue(id, out var c) ? c.ItemsVersion : "";
        var scope = new Scope(orgCode, parsedPeriod?.Label);

        body.Append("<div class=\"card\"><h2>Duplicate pairs</h2>");
        if (CoverageText.Statement(analysis.Coverage, analysis.Period) is { } coverage && !analysis.Coverage.Complete)
        {
            body.Append("<p class=\"hint\">").Append(HtmlPage.Encode(coverage)).Append("</p>");
        }
        if (analysis.DuplicatePairs.Count == 0)
        {
            body.Append("<p class=\"hint\">No duplicate pairs in this scope.</p>");
        }
        else
        {
            body.Append("<table><caption class=\"visually-hidden\">Each pair of collections asking for the same figures, its evidence and your decision</caption>");
            body.Append("<thead><tr><th scope=\"col\">Collections</th><th scope=\"col\">Evidence</th><th scope=\"col\">Decision</th></tr></thead><tbody>");
            foreach (var p in analysis.DuplicatePairs)
            {
                var reference = ReviewRef.ForPair(p.A, p.B, Version(p.A), Version(p.B));
                body.Append("<tr data-testid=\"pair\"><td><strong>").Append(HtmlPage.Encode(Title(p.A))).Append("</strong><br>and <strong>").Append(HtmlPage.Encode(Title(p.B))).Append("</strong></td>");
                body.Append("<td>").Append(HtmlPage.Encode(p.Reason)).Append("<ul class=\"evidence\"><li>shared: ").Append(HtmlPage.Encode(string.Join("; ", p.SharedItems)))
                    .Append("</li><li>").Append(HtmlPage.Encode(string.Create(CultureInfo.InvariantCulture, $"containment {p.Containment:0%}, score {p.Score:0.00}"))).Append("</li></ul></td>");
                body.Append("<td>").Append(Decided(p.Review));
                AppendForm(body, tokens, reference, ReviewSubject.Pair, scope, reviewer, signedIn is not null, $"{Title(p.A)} and {Title(p.B)}");
                body.Append("</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        if (analysis.DismissedPairs.Count > 0)
        {
            body.Append("<h2>Dismissed pairs</h2><ul data-testid=\"dismissed\">");
            foreach (var d in analysis.DismissedPairs)
            {
                body.Append("<li>").Append(HtmlPage.Encode($"{Title(d.Pair.A)} and {Title(d.Pair.B)}")).Append(": ").Append(Decided(d.Review)).Append("</li>");
            }
            body.Append("</ul>");
        }
        body.Append("</div>");

        var recommendations = analysis.Collections.Where(c => c.Recommendation != Recommendation.Keep)
            .OrderByDescending(c => c.HoursSavedPerYear).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        body.Append("<div class=\"card\"><h2>Recommendations</h2>");
        body.Append("<p class=\"hint\">").Append(HtmlPage.Encode(string.Create(CultureInfo.InvariantCulture, $"Taking every recommendation would save {analysis.Totals.HoursSavedPerYear:#,##0} hours a year. ") + ReportModelBuilder.SavingsSentence(analysis.Totals))).Append("</p>");
        if (recommendations.Count == 0)
        {
            body.Append("<p class=\"hint\">Every collection in this scope is recommended to keep.</p>");
        }
        else
        {
            body.Append("<table><caption class=\"visually-hidden\">Each collection's recommendation, its evidence and your decision</caption>");
            body.Append("<thead><tr><th scope=\"col\">Collection</th><th scope=\"col\">Recommendation and evidence</th><th scope=\"col\" class=\"num\">Hours a year saved</th><th scope=\"col\">Decision</th></tr></thead><tbody>");
            foreach (var c in recommendations)
            {
                var reference = ReviewRef.ForRecommendation(c.Id, c.Recommendation, c.ItemsVersion);
                body.Append("<tr data-testid=\"recommendation\"><td><strong>").Append(HtmlPage.Encode(c.Title)).Append("</strong><br><span class=\"hint\">")
                    .Append(HtmlPage.Encode($"{c.Requester}, {ReportModelBuilder.FrequencyLabel(c.Frequency).ToLowerInvariant()}")).Append("</span></td>");
                body.Append("<td><strong>").Append(HtmlPage.Encode(ReportModelBuilder.RecommendationLabel(c.Recommendation))).Append("</strong> (")
                    .Append(c.Confidence.Token()).Append(" confidence): ").Append(HtmlPage.Encode(c.RecommendationReason)).Append("<ul class=\"evidence\">");
                foreach (var e in c.Evidence)
                {
                    body.Append("<li>").Append(HtmlPage.Encode(e)).Append("</li>");
                }
                body.Append("</ul></td><td class=\"num\">").Append(c.HoursSavedPerYear.ToString("#,##0", CultureInfo.InvariantCulture)).Append("</td>");
                body.Append("<td>").Append(Decided(c.Review));
                AppendForm(body, tokens, reference, ReviewSubject.Recommendation, scope, reviewer, signedIn is not null, c.Title);
                body.Append("</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        body.Append("</div>");

        body.Append("<div class=\"card\"><h2>Upload a reviewed workbook</h2>");
        body.Append("<p class=\"hint\">Fill in the Decision and Note columns of a report's Duplicates and Collections sheets, save it, and upload it here.</p>");
        body.Append("<form method=\"post\" action=\"/review/import\" enctype=\"multipart/form-data\">");
        body.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(HtmlPage.Encode(tokens.RequestToken)).Append("\">");
        AppendHidden(body, "org", orgCode?.Value);
        AppendHidden(body, "period", parsedPeriod?.Label);
        if (signedIn is null)
        {
            body.Append("<label for=\"import-by\">Your name</label><input type=\"text\" id=\"import-by\" name=\"by\" required maxlength=\"100\" autocomplete=\"name\" value=\"").Append(HtmlPage.Encode(reviewer)).Append("\">");
        }
        body.Append("<label for=\"workbook\">Workbook</label><input type=\"file\" id=\"workbook\" name=\"file\" required accept=\".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\">");
        body.Append("<div><button type=\"submit\">Upload decisions</button></div></form></div>");
        await HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Review", body.ToString());
    }

    private sealed record Scope(OrgCode? Org, string? Period);

    private static string Decided(ReviewMark? review) => review is null ? "" :
        $"<p class=\"decided{(review.Stale ? " stale" : "")}\" data-testid=\"decided\">{HtmlPage.Encode(review.Decision.Label())} by {HtmlPage.Encode(review.By)}, {review.At.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}" +
        $"{(review.Note is { Length: > 0 } n ? ": " + HtmlPage.Encode(n) : "")}{(review.Stale ? " (stale: the items changed since; look again)" : "")}</p>";

    private static void AppendForm(StringBuilder body, AntiforgeryTokenSet tokens, string reference, ReviewSubject subject, Scope scope, string? reviewer, bool signedIn, string what)
    {
        body.Append("<form class=\"decide\" method=\"post\" action=\"/review/decide\">");
        body.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(HtmlPage.Encode(tokens.RequestToken)).Append("\">");
        AppendHidden(body, "ref", reference);
        AppendHidden(body, "org", scope.Org?.Value);
        AppendHidden(body, "period", scope.Period);
        body.Append("<select name=\"decision\" required aria-label=\"Decision on ").Append(HtmlPage.Encode(what)).Append("\"><option value=\"\">Decision…</option>");
        foreach (var v in ReviewKeys.Allowed(subject))
        {
            body.Append("<option value=\"").Append(v.Token()).Append("\">").Append(HtmlPage.Encode(v.Label())).Append("</option>");
        }
        body.Append("</select>");
        body.Append("<input type=\"text\" name=\"note\" maxlength=\"1000\" placeholder=\"Note\" aria-label=\"Note on ").Append(HtmlPage.Encode(what)).Append("\">");
        if (!signedIn)
        {
            body.Append("<input type=\"text\" name=\"by\" required maxlength=\"100\" autocomplete=\"name\" placeholder=\"Your name\" aria-label=\"Your name\" value=\"").Append(HtmlPage.Encode(reviewer)).Append("\">");
        }
        body.Append("<button type=\"submit\">Save</button></form>");
    }

    private static void AppendHidden(StringBuilder body, string name, string? value) =>
        body.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(HtmlPage.Encode(value)).Append("\">");

    private static async Task DecideAsync(HttpContext context, IBurdenStore store, IAntiforgery antiforgery, TimeProvider time, CancellationToken ct)
    {
        var form = await context.Request.ReadFormAsync(ct);
        var back = BackTo(form["org"], form["period"]);
        if (!await PageEndpoints.IsValidAntiforgeryAsync(context, antiforgery))
        {
            Redirect(context, back, "The form had expired; please record the decision again.");
            return;
        }
        var reference = ReviewRef.Parse(form["ref"]);
        var by = SignedInName(context) ?? Reviewer(form["by"]);
        if (reference is null)
        {
            Redirect(context, back, "That row could not be read; reload the page and try again.");
            return;
        }
        if (ReviewKeys.Parse(reference.Subject, form["decision"]) is not { } verdict)
        {
            Redirect(context, back, $"'{form["decision"]}' is not a decision (expected {string.Join(" or ", ReviewKeys.Allowed(reference.Subject).Select(v => v.Label()))}).");
            return;
        }
        if (by is null)
        {
            Redirect(context, back, "Type your name with the decision, so others can see who decided.");
            return;
        }
        if (!OrgCode.TryParse(Blank(form["org"]), out var org, out var orgReason) && Blank(form["org"]) is not null)
        {
            Redirect(context, back, $"Organisation code: {orgReason}.");
            return;
        }
        var note = form["note"].ToString().Trim();
        var decision = new NewReviewDecision(reference.Subject, reference.CollectionA, reference.CollectionB, reference.Action, verdict, reference.ItemsA, reference.ItemsB,
            org, Blank(form["period"]), by, time.GetUtcNow(), note.Length == 0 ? null : note[..Math.Min(note.Length, 1000)]);
        var outcome = await ReviewImport.RecordAsync(store, [decision], ct);
        if (SignedInName(context) is null)
        {
            context.Response.Cookies.Append(ReviewerCookie, by, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, Path = "/review", IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
        }
        var subject = reference.Subject == ReviewSubject.Pair ? $"pair {reference.CollectionA} and {reference.CollectionB}" : $"{reference.Action?.Replace('_', ' ')} for {reference.CollectionA}";
        Redirect(context, back, outcome.Recorded == 1 ? $"Recorded: {verdict.Label()} on {subject}, by {by}." : $"Already recorded: {verdict.Label()} on {subject}.");
    }

    private static async Task ImportFormAsync(HttpContext context, IBurdenStore store, IAntiforgery antiforgery, UploadIntake intake, TimeProvider time, CancellationToken ct)
    {
        var form = await context.Request.ReadFormAsync(ct);
        var back = BackTo(form["org"], form["period"]);
        if (!await PageEndpoints.IsValidAntiforgeryAsync(context, antiforgery))
        {
            Redirect(context, back, "The form had expired; please choose the workbook again.");
            return;
        }
        var by = SignedInName(context) ?? Reviewer(form["by"]);
        var file = form.Files.GetFile("file");
        if (by is null || file is null || file.Length == 0)
        {
            Redirect(context, back, by is null ? "Type your name, so others can see who decided." : "Choose the reviewed workbook (.xlsx) to upload.");
            return;
        }
        try
        {
            var bytes = await ApiEndpoints.ReadAllAsync(file, intake.MaxBytes, ct);
            var outcome = await ReviewImport.ImportAsync(store, new MemoryStream(bytes), UploadIntake.SafeFileName(file.FileName), by, time.GetUtcNow(), ct);
            Redirect(context, back, Cli.ReviewCommand.Describe(UploadIntake.SafeFileName(file.FileName), outcome) + ".");
        }
        catch (BurdenException refused)
        {
            Redirect(context, back, refused.Message);
        }
    }

    private static async Task<IResult> ListAsync(IBurdenStore store, string? org, CancellationToken ct)
    {
        OrgCode? orgCode = null;
        if (!string.IsNullOrWhiteSpace(org) && !OrgCode.TryParse(org, out orgCode, out var reason))
        {
            return Results.Json(new { error = reason }, statusCode: StatusCodes.Status400BadRequest);
        }
        var decisions = await store.LoadReviewDecisionsAsync(orgCode, ct);
        return Results.Ok(decisions.Select(s => new
        {
            id = s.Id,
            subject = s.Decision.Subject.Token(),
            a = s.Decision.CollectionA,
            b = s.Decision.CollectionB,
            action = s.Decision.Action,
            decision = s.Decision.Decision.Token(),
            by = s.Decision.By,
            at = s.Decision.At,
            note = s.Decision.Note,
            org = s.Decision.OrgCode,
            period = s.Decision.Period,
            items_a = s.Decision.ItemsA,
            items_b = s.Decision.ItemsB,
        }));
    }

    private static async Task<IResult> ImportApiAsync(HttpContext context, IBurdenStore store, UploadIntake intake, TimeProvider time, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return Results.Json(new { error = "send multipart/form-data with a 'file' part (the reviewed workbook) and a 'by' field" }, statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var form = await context.Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        var by = SignedInName(context) ?? Reviewer(form["by"]);
        if (file is null || by is null)
        {
            return Results.Json(new { error = file is null ? "missing the 'file' part" : "missing the 'by' field: who made the decisions" }, statusCode: StatusCodes.Status400BadRequest);
        }
        var name = UploadIntake.SafeFileName(file.FileName);
        try
        {
            var bytes = await ApiEndpoints.ReadAllAsync(file, intake.MaxBytes, ct);
            var o = await ReviewImport.ImportAsync(store, new MemoryStream(bytes), name, by, time.GetUtcNow(), ct);
            return Results.Ok(new { file = name, recorded = o.Recorded, unchanged = o.Unchanged, pairs = o.Pairs, recommendations = o.Recommendations });
        }
        catch (ReviewImportException refused)
        {
            return Results.Json(new
            {
                error = refused.Message,
                issues = refused.Issues.Select(i => new { sheet = i.Sheet, row = i.Row, column = i.Column, value = i.Value, expected = i.Expected }),
            }, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BurdenException invalid)
        {
            return Results.Json(new { error = invalid.Message }, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static string? Reviewer(string? typed)
    {
        var name = string.Join(' ', (typed ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return name.Length == 0 ? null : name[..Math.Min(name.Length, ReviewerMaxLength)];
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string BackTo(string? org, string? period)
    {
        var query = new List<string>();
        if (Blank(org) is { } o) { query.Add("org=" + Uri.EscapeDataString(o)); }
        if (Blank(period) is { } p) { query.Add("period=" + Uri.EscapeDataString(p)); }
        return "/review" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    private static void Redirect(HttpContext context, string back, string message)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "saved=" + Uri.EscapeDataString(message);
    }
}
