using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Hosting;

/// <summary>
/// Refuses a state-changing request (anything but GET, HEAD, OPTIONS, TRACE) that a browser marks as sent by another
/// site: <c>Sec-Fetch-Site: cross-site</c> or <c>same-site</c>, or an <c>Origin</c> that is not this service's own.
/// Scripts and tools (curl, Python, PowerShell) send neither header and are let through to the usual access rule.
/// </summary>
/// <remarks>
/// A page on another port of the same machine is <c>same-site</c> to the browser (ports do not make sites), so
/// <c>same-site</c> is refused too: only <c>same-origin</c> and <c>none</c> (typed in the address bar) pass.
/// </remarks>
public sealed class CrossSiteGuard
{
    private readonly RequestDelegate _next;

    public CrossSiteGuard(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        var refusal = Refusal(context.Request);
        if (refusal is null)
        {
            await _next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var message = $"cross-site request refused: {refusal}. Pages of another site cannot send uploads, reports or baselines here; " +
            "use the upload page of this service, or a script (which sends no Origin header). See docs/security.md.";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await context.Response.WriteAsJsonAsync(new { error = message });
        }
        else
        {
            await context.Response.WriteAsync(message);
        }
    }

    /// <summary>Why the request is refused, or null when it may proceed.</summary>
    public static string? Refusal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return null;
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return $"the browser marked it Sec-Fetch-Site: {site}";
        }
        if (site.Equals("same-origin", StringComparison.OrdinalIgnoreCase))
        {
            // The browser vouches for it; its Origin may still read "null" under a strict referrer policy.
            return null;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from))
        {
            return $"it came from origin '{origin}' (a sandboxed or opaque page)";
        }
        // Scheme is not compared: behind a TLS-terminating proxy the browser says https and Kestrel sees http, and two
        // schemes never share one host and port.
        var own = request.Host;
        var sameHost = string.Equals(from.IdnHost, own.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase);
        var samePort = own.Port is null ? from.IsDefaultPort : from.Port == own.Port;
        return sameHost && samePort ? null : $"it came from {origin}, not from this service ({own})";
    }
}
