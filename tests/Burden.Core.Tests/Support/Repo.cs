namespace Burden.Core.Tests.Support;

/// <summary>Paths in the repository (samples, sql) found by walking up from the test binary.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "HewittBurden.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("HewittBurden.sln not found above " + AppContext.BaseDirectory);
    }
}
