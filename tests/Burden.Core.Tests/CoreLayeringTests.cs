using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Burden.Core.Analysis;

namespace Burden.Core.Tests;

/// <summary>Which namespaces of Burden.Core may use which, read from the compiled assembly (ArchUnitNET), not from the source text.</summary>
public class CoreLayeringTests
{
    private static readonly Lazy<HashSet<(string From, string To, string Example)>> Edges = new(() =>
    {
        var core = new ArchLoader().LoadAssemblies(typeof(AnalysisEngine).Assembly).Build();
        var edges = new HashSet<(string, string, string)>();
        foreach (var type in core.Types)
        {
            foreach (var dependency in type.Dependencies)
            {
                var from = type.Namespace.FullName;
                var to = dependency.Target.Namespace.FullName;
                if (from != to && to.StartsWith("Burden.Core.", StringComparison.Ordinal))
                {
                    edges.Add((Short(from), Short(to), $"{type.Name} uses {dependency.Target.Name}"));
                }
            }
        }
        return edges;
    });

    /// <summary>Namespaces that must not use the ones named: the port and the records it speaks sit below Ingest and Analysis.</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Common", ["Catalogue", "Baselines", "Review", "Storage", "Ingest", "Analysis", "Reports"] },
        { "Catalogue", ["Baselines", "Review", "Storage", "Ingest", "Analysis", "Reports"] },
        { "Baselines", ["Review", "Storage", "Ingest", "Analysis", "Reports"] },
        { "Review", ["Storage", "Ingest", "Analysis", "Reports", "Duplicates", "Rationalise"] },
        { "Costing", ["Storage", "Ingest", "Analysis", "Reports"] },
        { "Storage", ["Ingest", "Analysis", "Reports"] },
        { "Ingest", ["Analysis", "Reports"] },
        { "Analysis", ["Reports", "Ingest"] },
    };

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
        var core = new ArchLoader().LoadAssemblies(typeof(AnalysisEngine).Assembly).Build();
        var rule = SliceRuleDefinition.Slices().Matching("Burden.Core.(*)..").Should().BeFreeOfCycles();

        rule.Check(core);
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
