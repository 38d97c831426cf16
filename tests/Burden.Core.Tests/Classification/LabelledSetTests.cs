using System.Globalization;
using Burden.Core.Analysis;
using Burden.Core.Classification;
using Xunit.Abstractions;

namespace Burden.Core.Tests.Classification;

/// <summary>The shipped taxonomy measured on real NHS and CMS metric names labelled by hand (labelled-metrics.csv).</summary>
public class LabelledSetTests
{
    /// <summary>The balanced accuracy the shipped taxonomy reaches; the README quotes the measured figure.</summary>
    private const double BalancedAccuracyFloor = 0.90;

    private readonly ITestOutputHelper _output;

    public LabelledSetTests(ITestOutputHelper output) => _output = output;

    internal static List<(string Name, ItemClass Class, string Source)> Load()
    {
        var path = Support.Repo.Path("tests", "Burden.Core.Tests", "Classification", "labelled-metrics.csv");
        var rows = new List<(string, ItemClass, string)>();
        foreach (var line in File.ReadLines(path).Skip(1).Where(l => l.Trim().Length > 0))
        {
            var parts = line.Split(',');
            Assert.True(parts.Length == 3, $"labelled-metrics.csv: '{line}' does not have 3 fields");
            Assert.True(ItemClasses.TryParse(parts[1], out var c), $"labelled-metrics.csv: '{parts[1]}' is not a class");
            rows.Add((parts[0], c, parts[2]));
        }
        return rows;
    }

    [Fact]
    public void LabelledSet_HasAtLeast150RealMetricsInEveryClass()
    {
        var rows = Load();
        Assert.True(rows.Count >= 150, $"only {rows.Count} labelled metrics");
        foreach (var c in Enum.GetValues<ItemClass>())
        {
            Assert.True(rows.Count(r => r.Class == c) >= 20, $"fewer than 20 {c} metrics");
        }
        Assert.Equal(rows.Count, rows.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void ShippedTaxonomy_OnLabelledSet_ReachesBalancedAccuracyFloor()
    {
        var rows = Load();
        var classifier = new ItemClassifier(AnalysisReference.Shipped.Taxonomy);
        var recalls = new List<double>();
        foreach (var c in Enum.GetValues<ItemClass>())
        {
            var ofClass = rows.Where(r => r.Class == c).ToList();
            var right = ofClass.Count(r => classifier.Classify(r.Name).Class == c);
            recalls.Add((double)right / ofClass.Count);
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c}: recall {right}/{ofClass.Count} = {(double)right / ofClass.Count:0.000}"));
        }
        foreach (var miss in rows.Select(r => (r, got: classifier.Classify(r.Name))).Where(x => x.got.Class != x.r.Class))
        {
            _output.WriteLine($"miss: '{miss.r.Name}' labelled {miss.r.Class.Token()}, classed {miss.got.Class.Token()} by {miss.got.ClassSource}");
        }
        var balanced = recalls.Average();
        var accuracy = (double)rows.Count(r => classifier.Classify(r.Name).Class == r.Class) / rows.Count;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"balanced accuracy {balanced:0.000}, plain accuracy {accuracy:0.000}, n = {rows.Count}"));
        Assert.True(balanced >= BalancedAccuracyFloor, string.Create(CultureInfo.InvariantCulture, $"balanced accuracy {balanced:0.000} is below {BalancedAccuracyFloor}"));
    }
}
