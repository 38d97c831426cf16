using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Web;

/// <summary>
/// Sets the browser protections on every response (pages, API, downloads, 404s, errors): no content sniffing, no
/// framing, no referrer sent elsewhere, and a Content-Security-Policy that allows no inline script.
/// </summary>
public sealed class SecurityHeaders
{
    /// <summary>The policy of the service's own pages: styles from <c>/site.css</c>, no script at all, forms post here only.</summary>
    public const string PagePolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The Hangfire dashboard's policy: its own scripts and styles (it sets inline style attributes), still no inline script.</summary>
    public const string DashboardPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private readonly RequestDelegate _next;

    public SecurityHeaders(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var dashboard = context.Request.Path.StartsWithSegments("/hangfire");
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = dashboard ? DashboardPolicy : PagePolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return _next(context);
    }
}
