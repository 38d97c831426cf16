using System.Globalization;
using System.Reflection;
using Burden.Core.Storage;

namespace Burden.Storage;

/// <summary>A numbered schema script embedded in Core (<c>sql/sqlite/0001_initial.sql</c>).</summary>
/// <param name="Version">The script's number.</param>
/// <param name="Name">Its resource name.</param>
/// <param name="Text">Its SQL.</param>
internal sealed record SchemaScript(int Version, string Name, string Text);

/// <summary>Finds the schema scripts shipped inside the assembly, in version order.</summary>
internal static class SchemaScripts
{
    /// <summary>The scripts for one engine's folder (<c>sqlite</c> or <c>sqlserver</c>), lowest number first.</summary>
    /// <remarks>A name must start with four digits and an underscore; two scripts with one number are refused.</remarks>
    public static IReadOnlyList<SchemaScript> For(string providerName)
    {
        ArgumentNullException.ThrowIfNull(providerName);
        var assembly = typeof(SchemaScripts).Assembly;
        var prefix = $"sql/{providerName}/";
        var scripts = new List<SchemaScript>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = name[prefix.Length..];
            if (file.Length < 5 || file[4] != '_' || !int.TryParse(file.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Schema script {name} must be named NNNN_description.sql");
            }
            scripts.Add(new SchemaScript(version, name, Read(assembly, name)));
        }
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two schema scripts share number {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Name))}");
        }
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No schema scripts embedded under {prefix}");
        }
        return scripts.OrderBy(s => s.Version).ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
