using System.Net;
using Burden.Core.Common;

namespace Burden.Worker.Hosting;

/// <summary>Refuses to serve beyond this machine without authentication.</summary>
public static class BindingGuard
{
    /// <summary>True when every address in <paramref name="urls"/> (separated by <c>;</c>) is a loopback address.</summary>
    public static bool IsLoopbackOnly(string urls) => SplitUrls(urls).All(IsLoopback);

    /// <summary>Throws a <see cref="BurdenException"/> that says how to configure authentication when the addresses reach beyond loopback without it.</summary>
    public static void Check(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var open = SplitUrls(options.Urls).Where(url => !IsLoopback(url)).ToList();
        if (open.Count == 0 || !string.IsNullOrEmpty(options.ApiKey) || options.ConfigureAuthentication is not null)
        {
            return;
        }
        throw new BurdenException(
            $"refusing to serve {string.Join(", ", open)} without authentication: only loopback addresses (127.0.0.1, [::1], localhost) " +
            $"run without it. Set an API key in the environment ({ServeOptions.ApiKeyVariable}=<a long random secret>) or with --api-key-file FILE; " +
            "clients then send it in the X-Api-Key header and the upload page asks for it once. " +
            "For the organisation's single sign-on, host burden with ServeOptions.ConfigureAuthentication (see docs/serve.md, Authentication).");
    }

    internal static IEnumerable<string> SplitUrls(string urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            host = close > 0 ? authority[1..close] : authority;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // "*", "+", "0.0.0.0", "::" and host names all reach beyond this machine.
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
