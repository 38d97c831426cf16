using ArchUnitNET.Domain;
using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Burden.Core.Analysis;

namespace Burden.Core.Tests;

/// <summary>Which namespaces of Burden.Core may use which, read from the compiled assembly (ArchUnitNET), not from the source text.</summary>
public class CoreLayeringTests
{
    private static readonly Lazy<Architecture> Core = new(() => new ArchLoader().LoadAssemblies(typeof(AnalysisEngine).Assembly).Build());

    private static readonly Lazy<HashSet<(string From, string To, string Example)>> Edges = new(() =>
    {
        var edges = new HashSet<(string, string, string)>();
        foreach (var type in Core.Value.Types)
        {
            foreach (var dependency in type.Dependencies)
            {
                var from = type.Namespace.FullName;
                var to = dependency.Target.Namespace.FullName;
                if (from.StartsWith("Burden.Core.", StringComparison.Ordinal) && Short(from) != Short(to))
                {
                    edges.Add((Short(from), Short(to), $"{type.Name} uses {dependency.Target.FullName}"));
                }
            }
        }
        return edges;
    });

    private static readonly string[] Above = ["Storage", "Ingest", "Analysis", "Reports"];

    /// <summary>Namespaces that must not use the ones named: the records sit at the bottom, the capabilities above them, Analysis alone above the capabilities, Reports on top.</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Common", ["Catalogue", "Baselines", "Review", "Meaning", "Classification", "Duplicates", "Costing", "Rationalise", .. Above] },
        { "Catalogue", ["Baselines", "Review", "Meaning", "Classification", "Duplicates", "Costing", "Rationalise", .. Above] },
        { "Baselines", ["Review", "Meaning", "Classification", "Duplicates", "Costing", "Rationalise", .. Above] },
        { "Review", ["Meaning", "Classification", "Duplicates", "Costing", "Rationalise", .. Above] },
        { "Meaning", ["Classification", "Duplicates", "Costing", "Rationalise", "Review", .. Above] },
        { "Classification", ["Duplicates", "Costing", "Rationalise", .. Above] },
        { "Duplicates", ["Costing", "Rationalise", .. Above] },
        { "Costing", ["Classification", "Duplicates", "Rationalise", .. Above] },
        { "Rationalise", ["Classification", "Duplicates", "Costing", .. Above] },
        { "Storage", ["Ingest", "Analysis", "Reports"] },
        { "Ingest", ["Analysis", "Reports"] },
        { "Analysis", ["Reports", "Ingest"] },
    };

    /// <summary>The capabilities take records and return records: no files, databases or workbooks.</summary>
    public static TheoryData<string> Pure => new() { "Meaning", "Classification", "Duplicates", "Costing", "Rationalise", "Review" };

    private static readonly string[] IoNamespaces = ["System.IO", "System.Data", "Dapper", "ClosedXML", "Microsoft.Data", "DocumentFormat", "Npgsql"];

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Namespace_UsesNoNamespaceAboveIt(string from, string[] forbidden)
    {
        var bad = Edges.Value.Where(e => e.From == from && forbidden.Contains(e.To)).Select(e => $"{e.From} -> {e.To}: {e.Example}").Order().ToList();

        Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad));
    }

    [Fact]
    public void Namespaces_OfCore_AreFreeOfCycles()
    {
        var rule = SliceRuleDefinition.Slices().Matching("Burden.Core.(*)..").Should().BeFreeOfCycles();

        rule.Check(Core.Value);
    }

    [Theory]
    [MemberData(nameof(Pure))]
    public void Capability_UsesNoFilesDatabasesOrWorkbooks(string capability)
    {
        var types = Core.Value.Types.Where(t => Short(t.Namespace.FullName) == capability).ToList();
        Assert.True(types.Count >= 3, $"expected {capability} to hold types, found {types.Count}");

        var bad = types
            .SelectMany(t => t.Dependencies.Select(d => (t.FullName, Target: d.Target.FullName, Ns: d.Target.Namespace.FullName)))
            .Where(d => IoNamespaces.Any(n => d.Ns == n || d.Ns.StartsWith(n + ".", StringComparison.Ordinal)))
            .Select(d => $"{d.FullName} uses {d.Target}").Distinct().Order().ToList();

        Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad));
    }

    [Fact]
    public void Core_ReferencesNoDatabaseDriver()
    {
        var referenced = typeof(AnalysisEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(referenced, n => n.StartsWith("Dapper", StringComparison.Ordinal) || n.StartsWith("Microsoft.Data.", StringComparison.Ordinal) || n.StartsWith("Npgsql", StringComparison.Ordinal) || n.StartsWith("System.Data.SqlClient", StringComparison.Ordinal));
        Assert.Contains(referenced, n => n == "ClosedXML");
    }

    private static string Short(string ns) => ns.StartsWith("Burden.Core.", StringComparison.Ordinal) ? ns["Burden.Core.".Length..].Split('.')[0] : ns;
}
