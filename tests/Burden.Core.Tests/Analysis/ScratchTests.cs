using Burden.Core.Analysis;
using Burden.Core.Common;

namespace Burden.Core.Tests.Analysis;

public class ScratchTests
{
    [Fact]
    public void Dump()
    {
        var input = new AnalysisInput(SampleFiles.LoadLog(), SampleFiles.LoadCatalogue(), ReportingPeriod.Parse("2022-11"), null, DateTimeOffset.Parse("2026-11-22T00:00:00Z"));
        var r = AnalysisEngine.Analyse(input, new AnalysisSettings(), AnalysisReference.Shipped);
        using var f = File.Create("/tmp/an/out.json");
        AnalysisJson.Write(r, f);
    }
}
