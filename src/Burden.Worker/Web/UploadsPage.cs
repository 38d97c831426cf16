using System.Globalization;
using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Burden.Worker.Web;

/// <summary>The uploads page: every upload, newest first, with its outcome, and a way to remove or replace its file.</summary>
public static class UploadsPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/uploads", ListAsync);
        // A form cannot send DELETE; the page posts here, with the antiforgery token.
        app.MapPost("/uploads/{id:long}/remove", RemoveAsync);
    }

    private static async Task ListAsync(HttpContext context, IBurdenStore store, string? org, string? offset, string? limit, CancellationToken ct)
    {
        OrgCode? orgCode;
        int skip, take;
        try
        {
            orgCode = UploadIntake.NormaliseOrg(org);
            (skip, take) = UploadsApi.Paging(offset, limit);
        }
        catch (BurdenException invalid)
        {
            await HtmlPage.WriteAsync(context, StatusCodes.Status400BadRequest, "Uploads", $"<div class=\"error\" role=\"alert\">{HtmlPage.Encode(invalid.Message)}</div>");
            return;
        }
        if (!AccessScope.Of(context).TryResolve(orgCode, out orgCode, out var refusal))
        {
            await HtmlPage.WriteAsync(context, StatusCodes.Status403Forbidden, "Uploads", $"<div class=\"error\" role=\"alert\">{HtmlPage.Encode(refusal)}</div>");
            return;
        }
        var page = await store.ListUploadPageAsync(orgCode, skip, take + 1, ct);
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var body = new StringBuilder("<div class=\"card\"><h1>Uploads</h1>");
        body.Append("<p class=\"hint\">Newest first. Removing an upload takes away every request, reject and count its file brought; a request another stored file also holds is kept. Reports already written and baselines stay as they are.</p>");
        body.Append("<form method=\"get\" action=\"/uploads\"><label for=\"org\">Organisation</label><input type=\"text\" id=\"org\" name=\"org\" maxlength=\"12\" spellcheck=\"false\" value=\"")
            .Append(HtmlPage.Encode(orgCode?.Value)).Append("\"><div><button type=\"submit\" class=\"secondary\">Show</button></div></form>");
        if (page.Count == 0)
        {
            body.Append("<p data-testid=\"no-uploads\">No uploads").Append(orgCode is null ? "" : " for " + HtmlPage.Encode(orgCode.Value)).Append(" yet.</p>");
        }
        else
        {
            body.Append("<table data-testid=\"uploads\"><caption class=\"visually-hidden\">Uploads, newest first</caption><thead><tr>")
                .Append("<th scope=\"col\" class=\"num\">Id</th><th scope=\"col\">File</th><th scope=\"col\">Organisation</th><th scope=\"col\">Status</th>")
                .Append("<th scope=\"col\" class=\"num\">Accepted</th><th scope=\"col\" class=\"num\">Rejected</th><th scope=\"col\" class=\"num\">Already stored</th>")
                .Append("<th scope=\"col\">Received</th><th scope=\"col\">Finished</th><th scope=\"col\">Action</th></tr></thead><tbody>");
            foreach (var u in page.Take(take))
            {
                var id = u.Id.ToString(CultureInfo.InvariantCulture);
                var status = ApiEndpoints.StatusText(u.Status);
                body.Append("<tr data-upload=\"").Append(id).Append("\"><td class=\"num\"><a href=\"/uploads/").Append(id).Append("\">").Append(id).Append("</a></td>")
                    .Append("<td>").Append(HtmlPage.Encode(u.FileName)).Append("</td><td>").Append(HtmlPage.Encode(u.OrgCode?.Value ?? "from the file")).Append("</td>")
                    .Append("<td><span class=\"status ").Append(status).Append("\">").Append(status).Append("</span>");
                if (u.EarlierUploadId is { } earlier)
                {
                    body.Append(" <span class=\"hint\">same as <a href=\"/uploads/").Append(earlier).Append("\">upload ").Append(earlier).Append("</a></span>");
                }
                body.Append("</td><td class=\"num\">").Append(u.Accepted).Append("</td><td class=\"num\">").Append(u.Rejected).Append("</td><td class=\"num\">").Append(u.AlreadyStored).Append("</td>")
                    .Append("<td>").Append(When(u.ReceivedAt)).Append("</td><td>").Append(u.FinishedAt is { } f ? When(f) : "").Append("</td><td>");
                if (u.FileId is not null)
                {
                    body.Append(RemoveForm(u, tokens)).Append(" <a href=\"/?replace=").Append(id).Append("\">Replace</a>");
                }
                body.Append("</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        var orgPart = orgCode is null ? "" : $"org={Uri.EscapeDataString(orgCode.Value)}&";
        body.Append("<p>");
        if (skip > 0)
        {
            body.Append("<a href=\"/uploads?").Append(orgPart).Append("offset=").Append(Math.Max(0, skip - take)).Append("&amp;limit=").Append(take).Append("\">Newer</a> ");
        }
        if (page.Count > take)
        {
            body.Append("<a href=\"/uploads?").Append(orgPart).Append("offset=").Append(skip + take).Append("&amp;limit=").Append(take).Append("\" rel=\"next\">Older</a>");
        }
        body.Append("</p></div>");
        await HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Uploads", body.ToString());
    }

    /// <summary>The remove button for an upload that holds a stored file.</summary>
    public static string RemoveForm(UploadRecord upload, AntiforgeryTokenSet tokens)
    {
        var id = upload.Id.ToString(CultureInfo.InvariantCulture);
        return $"<form method=\"post\" action=\"/uploads/{id}/remove\" class=\"inline\"><input type=\"hidden\" name=\"{HtmlPage.Encode(tokens.FormFieldName)}\" value=\"{HtmlPage.Encode(tokens.RequestToken)}\">" +
            $"<button type=\"submit\" class=\"secondary\" aria-label=\"Remove upload {id} ({HtmlPage.Encode(upload.FileName)})\">Remove</button></form>";
    }

    private static async Task RemoveAsync(long id, HttpContext context, IBurdenStore store, IAntiforgery antiforgery, CancellationToken ct)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            await HtmlPage.WriteAsync(context, StatusCodes.Status400BadRequest, "Uploads",
                "<div class=\"error\" role=\"alert\">The form had expired. Go back to <a href=\"/uploads\">the uploads</a> and try again.</div>");
            return;
        }
        var scope = AccessScope.Of(context);
        var (status, _) = await UploadsApi.RemoveUploadAsync(id, store, scope, ct);
        if (status != StatusCodes.Status200OK)
        {
            var upload = await UploadsApi.VisibleUploadAsync(id, store, scope, ct);
            var why = upload is null ? $"There is no upload {id}." : $"Upload {id} ({upload.FileName}) has no stored file to remove: it is {ApiEndpoints.StatusText(upload.Status)}.";
            await HtmlPage.WriteAsync(context, status, "Uploads", $"<div class=\"error\" role=\"alert\">{HtmlPage.Encode(why)}</div><p><a href=\"/uploads\">Uploads</a></p>");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"/uploads/{id.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string When(DateTimeOffset at) => HtmlPage.Encode(at.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture));
}
