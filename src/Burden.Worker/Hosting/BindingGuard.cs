using System.Net;
using Burden.Core.Common;
using Microsoft.Extensions.Configuration;

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
        Check(options, SplitUrls(options.Urls), "");
    }

    /// <summary>
    /// The addresses the configuration will make Kestrel listen on besides <see cref="ServeOptions.Urls"/>: every
    /// <c>Kestrel:Endpoints:*:Url</c>, from <c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>, environment
    /// variables (<c>Kestrel__Endpoints__Http__Url</c>) or anywhere else configuration is read. Kestrel lets these
    /// override <c>--urls</c>, so they are checked before anything is bound.
    /// </summary>
    public static IReadOnlyList<string> ConfiguredEndpoints(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"])
            .Where(url => !string.IsNullOrWhiteSpace(url))
            .Select(url => url!)
            .ToList();
    }

    /// <summary>Throws as <see cref="Check(ServeOptions)"/> does when any of <paramref name="addresses"/> (configured or bound) is not loopback and no authentication is configured.</summary>
    public static void Check(ServeOptions options, IEnumerable<string> addresses, string where)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(addresses);
        var open = addresses.Where(url => !IsLoopback(url)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (open.Count == 0 || !string.IsNullOrEmpty(options.ApiKey) || options.OrgApiKeys.Count > 0 || options.ConfigureAuthentication is not null)
        {
            return;
        }
        throw Refusal(open, where);
    }

    private static BurdenException Refusal(IReadOnlyList<string> open, string where) => new(
        $"refusing to serve {string.Join(", ", open)}{where} without authentication: only loopback addresses (127.0.0.1, [::1], localhost) " +
        $"run without it. Set an API key in the environment ({ServeOptions.ApiKeyVariable}=<a long random secret>) or with --api-key-file FILE; " +
        "clients then send it in the X-Api-Key header and the upload page asks for it once. " +
        "For the organisation's single sign-on, host burden with ServeOptions.ConfigureAuthentication (see docs/serve.md, Authentication; docs/security.md).");

    /// <summary>True for a loopback caller; also for no address at all, which Kestrel gives only for a Unix socket or named pipe (local by nature).</summary>
    public static bool IsLoopbackCaller(IPAddress? remote) =>
        remote is null || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    internal static IEnumerable<string> SplitUrls(string urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd >= 0 ? url[(schemeEnd + 3)..] : url;
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            // A Unix socket or named pipe is reachable from this machine only.
            return true;
        }
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
