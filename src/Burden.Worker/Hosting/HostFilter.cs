using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Hosting;

/// <summary>
/// Answers only requests whose <c>Host</c> is one of <see cref="ServeOptions.AllowedHosts"/> (loopback names by
/// default), so a page that rebinds its own DNS name to 127.0.0.1 cannot read the service. <c>/health</c> answers any host.
/// </summary>
public sealed class HostFilter
{
    private readonly RequestDelegate _next;
    private readonly IReadOnlyList<string> _allowed;

    public HostFilter(RequestDelegate next, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _allowed = options.AllowedHosts;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (context.Request.Path.StartsWithSegments("/health") || IsAllowed(host, _allowed))
        {
            await _next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync(
            $"This service does not answer to the host name '{host}'. It answers {string.Join(", ", _allowed)}; " +
            "to add the name people use, start it with --allowed-hosts (or BURDEN_ALLOWED_HOSTS), see docs/security.md.");
    }

    /// <summary>True when <paramref name="host"/> (no port; IPv6 in brackets) matches an entry: exact, <c>*.domain</c> for its subdomains, or <c>*</c>.</summary>
    public static bool IsAllowed(string host, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        // HTTP/1.0 sends no Host; a browser always does, so an empty one is no rebinding.
        if (string.IsNullOrEmpty(host))
        {
            return true;
        }
        foreach (var entry in allowed)
        {
            if (entry == "*" || string.Equals(entry, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (entry.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
