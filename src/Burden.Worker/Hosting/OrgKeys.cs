using Burden.Core.Common;
using Burden.Worker.Jobs;
using Microsoft.Extensions.Configuration;

namespace Burden.Worker.Hosting;

/// <summary>
/// Organisation-scoped API keys: read from <c>--org-key-file ORG=PATH</c> and the configuration section
/// <see cref="ServeOptions.OrgKeysSection"/>, and checked before anything is served.
/// </summary>
public static class OrgKeys
{
    /// <summary>The shortest key accepted, as for the global key.</summary>
    public const int MinLength = 16;

    /// <summary>Reads <c>ORG=PATH</c> pairs: each file holds one organisation's key (trimmed), so no key appears on a command line.</summary>
    public static IReadOnlyDictionary<string, string> FromFiles(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new BurdenException($"--org-key-file '{pair}': expected ORG=PATH, such as QMM=secrets/qmm.key");
            }
            var org = Org(pair[..equals], $"--org-key-file '{pair}'");
            var path = Path.GetFullPath(pair[(equals + 1)..]);
            if (!File.Exists(path))
            {
                throw new BurdenException($"{path}: key file for {org} not found (--org-key-file {pair})");
            }
            Add(keys, org, File.ReadAllText(path).Trim(), $"--org-key-file {pair}");
        }
        return keys;
    }

    /// <summary>Adds the keys under <see cref="ServeOptions.OrgKeysSection"/> (<c>Burden:OrgKeys:QMM</c>) to <paramref name="keys"/>.</summary>
    public static IReadOnlyDictionary<string, string> WithConfigured(IReadOnlyDictionary<string, string> keys, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(configuration);
        var merged = new Dictionary<string, string>(keys, StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetSection(ServeOptions.OrgKeysSection).GetChildren())
        {
            var where = $"configuration {ServeOptions.OrgKeysSection}:{child.Key}";
            Add(merged, Org(child.Key, where), (child.Value ?? "").Trim(), where);
        }
        return merged;
    }

    /// <summary>Throws unless every organisation key is long enough and no key opens two scopes (two organisations, or one and all).</summary>
    public static void Check(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            seen[options.ApiKey] = "the global API key";
        }
        foreach (var (org, key) in options.OrgApiKeys.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key.Length < MinLength)
            {
                throw new BurdenException($"the API key for {org} is shorter than {MinLength} characters; use a long random secret (for example: openssl rand -hex 32)");
            }
            if (seen.TryGetValue(key, out var other))
            {
                throw new BurdenException($"the API key for {org} is the same as {other}; each organisation needs a key of its own");
            }
            seen[key] = $"the key for {org}";
        }
    }

    private static string Org(string text, string where)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new BurdenException($"{where}: no organisation code before '='");
        }
        try
        {
            return UploadIntake.NormaliseOrg(text)!.Value;
        }
        catch (BurdenException invalid)
        {
            throw new BurdenException($"{where}: {invalid.Message}", invalid);
        }
    }

    private static void Add(Dictionary<string, string> keys, string org, string key, string where)
    {
        if (key.Length == 0)
        {
            throw new BurdenException($"{where}: the key for {org} is empty");
        }
        if (keys.ContainsKey(org))
        {
            throw new BurdenException($"{where}: {org} already has a key; give one key per organisation");
        }
        keys[org] = key;
    }
}
