using System.Reflection;
using System.Text.RegularExpressions;
using Burden.Core.Analysis;

namespace Burden.Core.Tests.Analysis;

/// <summary>Classification, Duplicates, Costing and Rationalise take records and return records: no files, databases or workbooks.</summary>
public partial class PureAnalysisLayeringTests
{
    private static readonly string[] PureFolders = ["Classification", "Duplicates", "Costing", "Rationalise"];
    private static readonly string[] ForbiddenNamespaces = ["System.IO", "System.Data", "Dapper", "ClosedXML", "Microsoft.Data", "DocumentFormat"];

    [GeneratedRegex(@"\b(System\.IO|System\.Data|Dapper|ClosedXML|Microsoft\.Data|DocumentFormat)\b|\b(File|Directory|FileStream|StreamReader|StreamWriter)\s*[\.(]")]
    private static partial Regex Forbidden();

    internal static IEnumerable<string> Violations(string fileName, string source)
    {
        var lineNo = 0;
        foreach (var line in source.Split('\n'))
        {
            lineNo++;
            var code = line.TrimStart();
            if (code.StartsWith("///", StringComparison.Ordinal) || code.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            if (Forbidden().Match(line) is { Success: true } m)
            {
                yield return $"{fileName} line {lineNo}: {m.Value}";
            }
        }
    }

    [Theory]
    [InlineData("using System.IO;")]
    [InlineData("var text = File.ReadAllText(path);")]
    [InlineData("using var c = new Microsoft.Data.Sqlite.SqliteConnection();")]
    [InlineData("using Dapper;")]
    public void Violations_ForbiddenReference_IsFound(string line)
    {
        Assert.Single(Violations("x.cs", "namespace X;\n" + line));
    }

    [Fact]
    public void Sources_InPureFolders_UseNoFilesDatabasesOrWorkbooks()
    {
        var files = PureFolders.SelectMany(f => Directory.GetFiles(Support.Repo.Path("src", "Burden.Core", f), "*.cs", SearchOption.AllDirectories)).ToList();
        Assert.True(files.Count >= 10, $"expected the pure folders to hold code, found {files.Count} files");

        var violations = files.SelectMany(f => Violations(Path.GetRelativePath(Support.Repo.Root, f), File.ReadAllText(f))).ToList();

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Types_InPureNamespaces_HaveNoIoOrDataTypesInTheirSignatures()
    {
        var assembly = typeof(AnalysisEngine).Assembly;
        var pure = assembly.GetTypes().Where(t => PureFolders.Any(f => t.Namespace == $"Burden.Core.{f}")).ToList();
        Assert.True(pure.Count >= 10);

        var bad = new List<string>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in pure)
        {
            var used = new List<Type>();
            used.AddRange(type.GetFields(all).Select(f => f.FieldType));
            used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
            foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                used.AddRange(m.GetParameters().Select(p => p.ParameterType));
                if (m is MethodInfo mi)
                {
                    used.Add(mi.ReturnType);
                }
                used.AddRange(m.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
            }
            foreach (var t in used.SelectMany(Expand))
            {
                if (ForbiddenNamespaces.Any(n => t.Namespace is { } ns && (ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal))))
                {
                    bad.Add($"{type.FullName} uses {t.FullName}");
                }
            }
        }

        Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad.Distinct()));
    }

    private static IEnumerable<Type> Expand(Type t)
    {
        yield return t;
        if (t.HasElementType)
        {
            foreach (var e in Expand(t.GetElementType()!))
            {
                yield return e;
            }
        }
        if (t.IsGenericType)
        {
            foreach (var e in t.GetGenericArguments().SelectMany(Expand))
            {
                yield return e;
            }
        }
    }
}
