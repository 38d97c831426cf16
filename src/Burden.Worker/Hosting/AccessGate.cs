using Burden.Worker.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Hosting;

/// <summary>Applies <see cref="AccessPolicy"/> to every request but <c>/health</c> and the key form itself.</summary>
public sealed class AccessGate
{
    private readonly RequestDelegate _next;
    private readonly AccessPolicy _policy;

    public AccessGate(RequestDelegate next, AccessPolicy policy)
    {
        _next = next;
        _policy = policy;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.Equals(HtmlPage.StylesPath) || (path.Equals("/login") && _policy.KeyRequired))
        {
            await _next(context);
            return;
        }
        var api = path.StartsWithSegments("/api");
        switch (_policy.Decide(context, allowCookie: !api, out var scope))
        {
            case AccessDecision.Allow when scope.Scoped && !OpenToOneOrganisation(context.Request):
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                var refusal = $"this key is for {scope.Org} only, and {path} covers every organisation; use the global API key";
                if (api)
                {
                    await context.Response.WriteAsJsonAsync(new { error = refusal });
                }
                else
                {
                    await context.Response.WriteAsync(refusal);
                }
                return;
            case AccessDecision.Allow:
                if (scope.Scoped)
                {
                    context.Features.Set(scope);
                }
                await _next(context);
                return;
            case AccessDecision.Challenge:
                await context.ChallengeAsync();
                return;
            case AccessDecision.Forwarded:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(
                    "This request came through a forwarding proxy, and burden serve has no authentication configured. " +
                    $"Set {ServeOptions.ApiKeyVariable} (clients send it as {AccessPolicy.HeaderName}) or configure single sign-on; see docs/serve.md.");
                return;
            case AccessDecision.NotLocal:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync(
                    $"This request came from {context.Connection.RemoteIpAddress}, another machine, and burden serve has no authentication configured, so it answers this machine only. " +
                    $"Set {ServeOptions.ApiKeyVariable} (clients send it as {AccessPolicy.HeaderName}) or configure single sign-on; see docs/security.md.");
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                if (api)
                {
                    await context.Response.WriteAsJsonAsync(new { error = $"missing or wrong API key: send it in the {AccessPolicy.HeaderName} header" });
                }
                else if (HttpMethods.IsGet(context.Request.Method))
                {
                    await PageEndpoints.WriteKeyFormAsync(context, returnPath: path + context.Request.QueryString, error: null);
                }
                else
                {
                    await context.Response.WriteAsync("missing or wrong API key");
                }
                return;
        }
    }

    /// <summary>
    /// The paths whose endpoints check the caller's organisation. Anything else (the job dashboard, the review pages, the
    /// monthly run of every organisation's reports, a path added later) is refused to a key bound to one organisation.
    /// </summary>
    internal static bool OpenToOneOrganisation(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api/reports/monthly"))
        {
            return false;
        }
        return path == "/" || path.StartsWithSegments("/logout") || path.StartsWithSegments("/uploads") || path.StartsWithSegments("/orgs") ||
            path.StartsWithSegments("/reports") || path.StartsWithSegments("/api/uploads") || path.StartsWithSegments("/api/reports") ||
            path.StartsWithSegments("/api/orgs") || path.StartsWithSegments("/api/baselines");
    }
}
