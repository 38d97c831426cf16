namespace Burden.Core.Tests.Support;

/// <summary>
/// External programs a test needs (LibreOffice, Chromium). Absent: the test skips with the reason, unless
/// BURDEN_REQUIRE_TOOLS=1 (set by .ci/run after installing them), when absence fails the test.
/// </summary>
public static class Tools
{
    public static bool Required => Environment.GetEnvironmentVariable("BURDEN_REQUIRE_TOOLS") == "1";

    /// <summary>Full path of the first of <paramref name="names"/> found on PATH (or as an absolute path), or null.</summary>
    public static string? Find(params string[] names)
    {
        foreach (var name in names)
        {
            if (System.IO.Path.IsPathRooted(name))
            {
                if (File.Exists(name))
                {
                    return name;
                }
                continue;
            }
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>Returns the tool's path, or skips (fails under BURDEN_REQUIRE_TOOLS=1) naming what to install.</summary>
    public static string Require(string what, string install, params string[] names)
    {
        var found = Find(names);
        if (found is not null)
        {
            return found;
        }
        var reason = $"{what} not found (looked for {string.Join(", ", names)}); install with: {install}";
        if (Required)
        {
            throw new Xunit.Sdk.XunitException($"BURDEN_REQUIRE_TOOLS=1 but {reason}");
        }
        Skip.If(true, reason);
        return null!;
    }
}
