using System.Globalization;
using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Burden.Worker.Web;

/// <summary>The upload page for ICB data teams: a form, then the upload's counts and each rejected row's reason.</summary>
public static class PageEndpoints
{
    private const int RejectsShown = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context, IBurdenStore store, CancellationToken ct) => WriteUploadFormAsync(context, store, StatusCodes.Status200OK, null, ct));
        app.MapPost("/", UploadAsync);
        app.MapGet("/uploads/{id:long}", ShowUploadAsync);
        app.MapGet("/reports/{name}", (string name, HttpContext context, IBurdenStore store, CancellationToken ct) => ApiEndpoints.DownloadReportAsync(name, store, AccessScope.Of(context), ct));
        app.MapGet("/login", (HttpContext context, string? returnUrl) => WriteKeyFormAsync(context, returnUrl, null));
        app.MapPost("/login", LoginAsync);
        app.MapPost("/logout", LogoutAsync);
        UploadsPage.Map(app);
    }

    private static async Task UploadAsync(HttpContext context, IBurdenStore store, UploadIntake intake, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            await WriteUploadFormAsync(context, store, StatusCodes.Status400BadRequest, "That was not a form upload. Choose a file below and press Upload (scripts: POST multipart/form-data to /api/uploads).", ct);
            return;
        }
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException tooBig)
        {
            await WriteUploadFormAsync(context, store, tooBig.StatusCode, $"The upload could not be read: {tooBig.Message} (the limit is {intake.MaxBytes:N0} bytes).", ct);
            return;
        }
        catch (Exception malformed) when (malformed is InvalidDataException || (malformed is IOException && StorageFault.Classify(malformed) is null && !ct.IsCancellationRequested))
        {
            await WriteUploadFormAsync(context, store, StatusCodes.Status400BadRequest, $"The upload could not be read as a form: {malformed.Message}", ct);
            return;
        }
        if (!await IsValidAntiforgeryAsync(context, antiforgery))
        {
            await WriteUploadFormAsync(context, store, StatusCodes.Status400BadRequest, "The form had expired. Please choose the file again and upload.", ct);
            return;
        }
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            await WriteUploadFormAsync(context, store, StatusCodes.Status400BadRequest, "Choose a file to upload (.csv, .txt or .xlsx).", ct);
            return;
        }
        string? orgText = form["org"];
        OrgCode? org = null;
        if (!string.IsNullOrWhiteSpace(orgText) && !OrgCode.TryParse(orgText, out org, out var reason))
        {
            await WriteUploadFormAsync(context, store, StatusCodes.Status400BadRequest, $"Organisation code: {reason}.", ct);
            return;
        }
        var scope = AccessScope.Of(context);
        if (!scope.TryResolve(org, out org, out var refusal))
        {
            await WriteUploadFormAsync(context, store, StatusCodes.Status403Forbidden, refusal, ct);
            return;
        }
        try
        {
            var replaces = await intake.CheckReplaceableAsync(form["replace"], ct, scope);
            var id = await intake.AcceptAsync(file.FileName, org, ParseKind(form["kind"]), await ApiEndpoints.ReadAllAsync(file, intake.MaxBytes, ct), "page", ct, replaces);
            context.Response.Redirect($"/uploads/{id.ToString(CultureInfo.InvariantCulture)}", permanent: false);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
        }
        catch (BurdenException invalid)
        {
            await WriteUploadFormAsync(context, store, StatusCodes.Status400BadRequest, invalid.Message, ct);
        }
    }

    private static async Task ShowUploadAsync(long id, HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var upload = await UploadsApi.VisibleUploadAsync(id, store, AccessScope.Of(context), ct);
        if (upload is null)
        {
            await HtmlPage.WriteAsync(context, StatusCodes.Status404NotFound, "Upload not found",
                $"<div class=\"card\"><h1>Upload {id} not found</h1><p><a href=\"/\">Upload a file</a></p></div>");
            return;
        }
        var status = ApiEndpoints.StatusText(upload.Status);
        var pending = upload.Status is UploadStatus.Queued or UploadStatus.Processing;
        var body = new StringBuilder();
        body.Append("<div class=\"card\"><h1>").Append(HtmlPage.Encode(upload.FileName)).Append("</h1>");
        body.Append("<p>Organisation <strong>").Append(HtmlPage.Encode(upload.OrgCode?.Value ?? "from the file")).Append("</strong> · received ")
            .Append(HtmlPage.Encode(upload.ReceivedAt.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture))).Append(" UTC · status ")
            .Append("<span class=\"status ").Append(status).Append("\" role=\"status\">").Append(status).Append("</span></p>");
        if (pending)
        {
            body.Append("<p class=\"hint\">Reading the file; this page refreshes itself.</p>");
        }
        else
        {
            body.Append("<div class=\"counts\">");
            body.Append("<div class=\"count accepted\"><b data-testid=\"accepted\">").Append(upload.Accepted).Append("</b>rows accepted</div>");
            body.Append("<div class=\"count rejected\"><b data-testid=\"rejected\">").Append(upload.Rejected).Append("</b>rows rejected</div>");
            body.Append("</div>");
            if (upload.AlreadyStored > 0)
            {
                body.Append("<p data-testid=\"already-stored\">").Append(upload.AlreadyStored)
                    .Append(upload.AlreadyStored == 1 ? " accepted row was" : " accepted rows were")
                    .Append(" already stored from an earlier upload and kept once, not counted twice.</p>");
            }
        }
        if (!string.IsNullOrEmpty(upload.Message))
        {
            body.Append("<p data-testid=\"message\">").Append(HtmlPage.Encode(upload.Message)).Append("</p>");
        }
        if (upload.EarlierUploadId is { } earlier)
        {
            body.Append("<p data-testid=\"earlier\">Nothing from this upload was stored or counted: its content is <a href=\"/uploads/").Append(earlier).Append("\">upload ").Append(earlier).Append("</a>'s.</p>");
        }
        if (upload.ReplacesUploadId is { } replaced)
        {
            body.Append("<p>Replaces <a href=\"/uploads/").Append(replaced).Append("\">upload ").Append(replaced).Append("</a>.</p>");
        }
        if (upload.FileId is not null && upload.Status == UploadStatus.Done)
        {
            var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
            body.Append("<p>").Append(UploadsPage.RemoveForm(upload, tokens)).Append(" <a href=\"/?replace=").Append(upload.Id).Append("\">Replace with a corrected file</a></p>");
        }
        body.Append("</div>");

        if (upload.Rejected > 0 && upload.FileId is { } fileId)
        {
            var rejects = (await store.LoadFileRejectsAsync(fileId, ct)).ToList();
            body.Append("<div class=\"card\"><h2>Rejected rows</h2>");
            body.Append("<p class=\"hint\">Correct these rows and upload the whole file again: requests already stored are recognised by their organisation, date, requester, title, frequency, reference and items and kept once, so only the corrected rows are added.</p>");
            body.Append("<table><caption class=\"visually-hidden\">Each rejected row, where it is and why</caption><thead><tr><th scope=\"col\" class=\"num\">Line</th><th scope=\"col\">Column</th><th scope=\"col\">Value</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
            foreach (var reject in rejects.Take(RejectsShown))
            {
                var issue = reject.Issue;
                body.Append("<tr><td class=\"num\">").Append(issue.Line).Append("</td><td>").Append(HtmlPage.Encode(issue.Column ?? "(row)"))
                    .Append("</td><td>").Append(HtmlPage.Encode(issue.Value)).Append("</td><td>").Append(HtmlPage.Encode(issue.Message)).Append("</td></tr>");
            }
            body.Append("</tbody></table>");
            if (rejects.Count > RejectsShown)
            {
                body.Append("<p class=\"hint\">and ").Append(rejects.Count - RejectsShown).Append(" more.</p>");
            }
            var rowsListed = rejects.Select(r => r.Issue.Line).Distinct().Count();
            if (upload.Rejected > rowsListed)
            {
                body.Append("<p class=\"hint\" data-testid=\"rejects-not-kept\">").Append(upload.Rejected - rowsListed)
                    .Append(" more rejected rows are counted but their reasons were not kept (only the first rows' reasons are stored); correct the rows listed and upload again to see the next ones.</p>");
            }
            body.Append("</div>");
        }
        body.Append("<p><a href=\"/\">Upload another file</a></p>");
        body.Append(await LatestReportsAsync(context, store, ct));
        await HtmlPage.WriteAsync(context, StatusCodes.Status200OK, upload.FileName, body.ToString(), refresh: pending);
    }

    private static async Task WriteUploadFormAsync(HttpContext context, IBurdenStore store, int status, string? error, CancellationToken ct)
    {
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(context);
        var body = new StringBuilder();
        body.Append("<div class=\"card\"><h1>Upload a request log</h1>");
        body.Append("<p class=\"hint\">A CSV or Excel export with one row per request your organisation received. Rows with problems are listed with the reason; the rest are kept.</p>");
        if (error is not null)
        {
            body.Append("<div class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</div>");
        }
        body.Append("<form method=\"post\" action=\"/\" enctype=\"multipart/form-data\">");
        body.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(HtmlPage.Encode(tokens.RequestToken)).Append("\">");
        if (await ReplacingAsync(context, store, ct) is { } replacing)
        {
            body.Append("<p data-testid=\"replacing\">Replacing upload ").Append(replacing.Id).Append(" (").Append(HtmlPage.Encode(replacing.FileName))
                .Append("): its file is removed only when the new one is stored; if the new one is refused, the old one stays.</p>");
            body.Append("<input type=\"hidden\" name=\"replace\" value=\"").Append(replacing.Id).Append("\">");
        }
        if (AccessScope.Of(context).Org is { } own)
        {
            body.Append("<label for=\"org\">Organisation code</label><p class=\"hint\" id=\"org-hint\">Your key is for ").Append(HtmlPage.Encode(own)).Append(" only.</p>");
            body.Append("<input type=\"text\" id=\"org\" name=\"org\" aria-describedby=\"org-hint\" readonly value=\"").Append(HtmlPage.Encode(own)).Append("\">");
        }
        else
        {
            body.Append("<label for=\"org\">Organisation code</label><p class=\"hint\" id=\"org-hint\">Such as QMM. Leave blank when the file has an org_code column or is a catalogue.</p>");
            body.Append("<input type=\"text\" id=\"org\" name=\"org\" aria-describedby=\"org-hint\" autocomplete=\"organization\" maxlength=\"12\" spellcheck=\"false\">");
        }
        body.Append("<label for=\"kind\">What the file holds</label>");
        body.Append("<select id=\"kind\" name=\"kind\"><option value=\"\">Recognise from the column headings</option><option value=\"requests\">Request log</option><option value=\"catalogue\">Catalogue of collections</option></select>");
        body.Append("<label for=\"file\">File</label><p class=\"hint\" id=\"file-hint\">.csv, .txt or .xlsx, up to ")
            .Append((context.RequestServices.GetRequiredService<UploadIntake>().MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)).Append(" MB.</p>");
        body.Append("<input type=\"file\" id=\"file\" name=\"file\" required aria-describedby=\"file-hint\" accept=\".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\">");
        body.Append("<div><button type=\"submit\">Upload</button></div></form></div>");
        body.Append(await LatestReportsAsync(context, store, ct));
        await HtmlPage.WriteAsync(context, status, "Upload", body.ToString());
    }

    /// <summary>The upload named by <c>?replace=ID</c> (or the form's <c>replace</c> field) when it holds a stored file.</summary>
    private static async Task<UploadRecord?> ReplacingAsync(HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        string text;
        try
        {
            text = context.Request.HasFormContentType ? context.Request.Form["replace"].ToString() : context.Request.Query["replace"].ToString();
        }
        catch (BadHttpRequestException)
        {
            // The form itself could not be read (too large): the page says so and asks again without a replacement.
            return null;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var upload = await UploadsApi.VisibleUploadAsync(id, store, AccessScope.Of(context), ct);
        return upload?.FileId is null ? null : upload;
    }

    private static async Task<string> LatestReportsAsync(HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var scope = AccessScope.Of(context);
        var reports = (await store.ListReportsAsync(ct)).Where(r => scope.Allows(r.OrgCode)).ToList();
        var html = new StringBuilder("<div class=\"card\"><h2>Latest reports</h2>");
        if (reports.Count == 0)
        {
            html.Append("<p class=\"hint\">No reports yet. Monthly reports are written on the 2nd of each month for the month before.</p>");
        }
        else
        {
            html.Append("<ul class=\"reports\">");
            foreach (var report in reports.Take(10))
            {
                html.Append("<li><a href=\"/reports/").Append(Uri.EscapeDataString(report.Name)).Append("\">").Append(HtmlPage.Encode(report.Name)).Append("</a> <span class=\"hint\">")
                    .Append(HtmlPage.Encode(report.OrgCode?.Value ?? "all organisations")).Append(", ").Append(HtmlPage.Encode(report.Period ?? "all periods"))
                    .Append(", ").Append(HtmlPage.Encode(report.CreatedAt.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture))).Append("</span>");
                if (ReportDownloads.SpillOf(report) is { } spill)
                {
                    html.Append(" · <a href=\"/reports/").Append(Uri.EscapeDataString(spill.Name)).Append("\">every request (CSV)</a>");
                }
                if (report.OrgCode is { } reportOrg && report.Period is { } reportPeriod)
                {
                    html.Append(" · <a href=\"/orgs/").Append(Uri.EscapeDataString(reportOrg.Value)).Append("?period=").Append(Uri.EscapeDataString(reportPeriod)).Append("\">figures</a>");
                }
                html.Append("</li>");
            }
            html.Append("</ul>");
        }
        return html.Append("</div>").ToString();
    }

    /// <summary>The form that asks for the API key once and keeps a session cookie derived from it.</summary>
    public static async Task WriteKeyFormAsync(HttpContext context, string? returnPath, string? error)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var body = new StringBuilder("<div class=\"card\"><h1>API key needed</h1>");
        body.Append("<p class=\"hint\">This service is protected. Enter the API key you were given; it is remembered in this browser until you close it.</p>");
        if (error is not null)
        {
            body.Append("<div class=\"error\" role=\"alert\">").Append(HtmlPage.Encode(error)).Append("</div>");
        }
        body.Append("<form method=\"post\" action=\"/login\">");
        body.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(HtmlPage.Encode(tokens.RequestToken)).Append("\">");
        body.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(HtmlPage.Encode(LocalPath(returnPath))).Append("\">");
        body.Append("<label for=\"key\">API key</label><input type=\"password\" id=\"key\" name=\"key\" required autocomplete=\"current-password\">");
        body.Append("<div><button type=\"submit\">Continue</button></div></form></div>");
        await HtmlPage.WriteAsync(context, context.Response.StatusCode is >= 400 ? context.Response.StatusCode : StatusCodes.Status200OK, "API key", body.ToString());
    }

    private static async Task LoginAsync(HttpContext context, AccessPolicy policy, IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteKeyFormAsync(context, "/", "That was not the key form; enter the key below.");
            return;
        }
        var form = await context.Request.ReadFormAsync(ct);
        var returnUrl = LocalPath(form["returnUrl"]);
        if (!await IsValidAntiforgeryAsync(context, antiforgery))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteKeyFormAsync(context, returnUrl, "The form had expired; please enter the key again.");
            return;
        }
        if (!policy.KeyMatches(form["key"]))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await WriteKeyFormAsync(context, returnUrl, "That is not the API key.");
            return;
        }
        context.Response.Cookies.Append(AccessPolicy.CookieName, policy.SessionTokenFor(form["key"])!, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = returnUrl;
    }

    private static async Task LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await IsValidAntiforgeryAsync(context, antiforgery))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        context.Response.Cookies.Delete(AccessPolicy.CookieName);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
    }

    internal static async Task<bool> IsValidAntiforgeryAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    internal static LogKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "requests" or "request" or "requestlog" or "log" => LogKind.RequestLog,
        "catalogue" or "catalog" => LogKind.Catalogue,
        _ => throw new BurdenException($"'{text}' is not a kind of file (expected requests or catalogue, or leave it blank)"),
    };

    /// <summary>A path on this site only (never <c>//host</c> or an absolute address), else <c>/</c>.</summary>
    internal static string LocalPath(string? path) =>
        !string.IsNullOrEmpty(path) && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal) ? path : "/";
}
