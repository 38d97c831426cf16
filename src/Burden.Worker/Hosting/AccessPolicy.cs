using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Hosting;

/// <summary>What a request may do, decided the same way for the pages, the API and the dashboard.</summary>
public enum AccessDecision
{
    /// <summary>Let it through.</summary>
    Allow,
    /// <summary>No valid key: 401.</summary>
    Denied,
    /// <summary>Single sign-on configured and the user not signed in: challenge the default scheme.</summary>
    Challenge,
    /// <summary>No authentication configured and the request came through a forwarding proxy: 403.</summary>
    Forwarded,
    /// <summary>No authentication configured and the caller is not on this machine (its address is not loopback): 403.</summary>
    NotLocal,
}

/// <summary>
/// The one access rule. With an API key: the <c>X-Api-Key</c> header, or (pages and dashboard only, never the API, so
/// no cross-site form can use it) the session cookie set by the key form. With single sign-on: an authenticated user.
/// With neither: loopback callers only (the caller's own address is checked, whatever the service is bound to), and a request carrying proxy forwarding headers is refused, since a proxy on this
/// machine would otherwise make every remote caller look local (what fools Hangfire's local-requests filter).
/// </summary>
/// <remarks>
/// Besides the global key (every organisation), each organisation may have keys of its own
/// (<see cref="ServeOptions.OrgApiKeys"/>): a request carrying one is allowed with an <see cref="AccessScope"/> of that
/// organisation only, and so is a signed-in user with an <see cref="AccessScope.OrgClaim"/> claim.
/// </remarks>
public sealed class AccessPolicy
{
    public const string HeaderName = "X-Api-Key";
    public const string CookieName = "burden_session";

    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"];

    private readonly IReadOnlyList<Grant> _grants;

    public AccessPolicy(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var grants = new List<Grant>();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            grants.Add(Grant.For(options.ApiKey, AccessScope.All));
        }
        foreach (var (org, key) in options.OrgApiKeys)
        {
            grants.Add(Grant.For(key, new AccessScope(org.ToUpperInvariant())));
        }
        _grants = grants;
        SessionToken = grants.FirstOrDefault(g => !g.Scope.Scoped)?.SessionToken;
        SingleSignOn = options.ConfigureAuthentication is not null;
    }

    public bool KeyRequired => _grants.Count > 0;

    public bool SingleSignOn { get; }

    /// <summary>The cookie value that stands for the global key on the pages; null without one.</summary>
    public string? SessionToken { get; }

    /// <summary>True when <paramref name="candidate"/> is one of the keys (compared in constant time).</summary>
    public bool KeyMatches(string? candidate) => GrantOf(candidate) is not null;

    /// <summary>The scope <paramref name="candidate"/> opens, or null when it is no key.</summary>
    public AccessScope? ScopeOfKey(string? candidate) => GrantOf(candidate)?.Scope;

    /// <summary>The cookie value that stands for <paramref name="key"/> on the pages (derived from it, never the key itself); null when it is no key.</summary>
    public string? SessionTokenFor(string? key) => GrantOf(key)?.SessionToken;

    public AccessDecision Decide(HttpContext context, bool allowCookie) => Decide(context, allowCookie, out _);

    /// <summary>Decides the request and, when allowed, which organisations it may see.</summary>
    public AccessDecision Decide(HttpContext context, bool allowCookie, out AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(context);
        scope = AccessScope.All;
        if (context.User.Identity?.IsAuthenticated == true)
        {
            if (context.User.FindFirst(AccessScope.OrgClaim)?.Value is { Length: > 0 } claimed)
            {
                scope = new AccessScope(claimed.Trim().ToUpperInvariant());
            }
            return AccessDecision.Allow;
        }
        if (KeyRequired)
        {
            if (GrantOf(context.Request.Headers[HeaderName].ToString()) is { } byHeader)
            {
                scope = byHeader.Scope;
                return AccessDecision.Allow;
            }
            if (allowCookie && context.Request.Cookies.TryGetValue(CookieName, out var cookie) && GrantOfSession(cookie) is { } bySession)
            {
                scope = bySession.Scope;
                return AccessDecision.Allow;
            }
            // With both, people at a browser are sent to sign in; the API answers 401 for a missing key.
            return SingleSignOn && allowCookie ? AccessDecision.Challenge : AccessDecision.Denied;
        }
        if (SingleSignOn)
        {
            return AccessDecision.Challenge;
        }
        if (!BindingGuard.IsLoopbackCaller(context.Connection.RemoteIpAddress))
        {
            // Whatever the binding, a caller from another machine never gets in without authentication.
            return AccessDecision.NotLocal;
        }
        return ForwardingHeaders.Any(h => context.Request.Headers.ContainsKey(h)) ? AccessDecision.Forwarded : AccessDecision.Allow;
    }

    private Grant? GrantOf(string? candidate)
    {
        if (_grants.Count == 0 || string.IsNullOrEmpty(candidate))
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        Grant? found = null;
        // Every key is compared, in constant time each, so the time taken says nothing about which one matched.
        foreach (var grant in _grants)
        {
            if (CryptographicOperations.FixedTimeEquals(grant.KeyHash, hash))
            {
                found ??= grant;
            }
        }
        return found;
    }

    private Grant? GrantOfSession(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }
        var presented = Encoding.ASCII.GetBytes(cookie);
        Grant? found = null;
        foreach (var grant in _grants)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(grant.SessionToken), presented))
            {
                found ??= grant;
            }
        }
        return found;
    }

    private sealed record Grant(byte[] KeyHash, string SessionToken, AccessScope Scope)
    {
        // The cookie holds a value derived from the key, not the key itself.
        public static Grant For(string key, AccessScope scope) => new(
            SHA256.HashData(Encoding.UTF8.GetBytes(key)),
            Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "burden upload page session"u8)),
            scope);
    }
}
