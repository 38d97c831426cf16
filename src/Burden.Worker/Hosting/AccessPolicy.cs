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
public sealed class AccessPolicy
{
    public const string HeaderName = "X-Api-Key";
    public const string CookieName = "burden_session";

    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"];

    private readonly byte[]? _keyHash;

    public AccessPolicy(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKey));
            // The cookie holds a value derived from the key, not the key itself.
            SessionToken = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.ApiKey), "burden upload page session"u8));
        }
        SingleSignOn = options.ConfigureAuthentication is not null;
    }

    public bool KeyRequired => _keyHash is not null;

    public bool SingleSignOn { get; }

    /// <summary>The cookie value that stands for the key on the pages; null without a key.</summary>
    public string? SessionToken { get; }

    /// <summary>True when <paramref name="candidate"/> is the key (compared in constant time).</summary>
    public bool KeyMatches(string? candidate)
    {
        if (_keyHash is null || string.IsNullOrEmpty(candidate))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(_keyHash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));
    }

    public AccessDecision Decide(HttpContext context, bool allowCookie)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return AccessDecision.Allow;
        }
        if (KeyRequired)
        {
            if (KeyMatches(context.Request.Headers[HeaderName].ToString()))
            {
                return AccessDecision.Allow;
            }
            if (allowCookie && context.Request.Cookies.TryGetValue(CookieName, out var cookie) && SessionToken is not null &&
                CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(SessionToken)))
            {
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
}
