using System.CommandLine;

namespace Burden.Worker.Cli;

/// <summary><c>burden bench ...</c>: speed measurements, each against a baseline measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Build(CliContext context)
    {
        var bench = new Command("bench", "Measure speed against baselines measured in the same run (ratios, PASS/MISS against targets)");
        // One line per benchmark; each lives in its own file (BenchXxx.cs).
        bench.Subcommands.Add(BenchIngest.Build(context));
        bench.Subcommands.Add(BenchXlsx.Build(context));
        bench.Subcommands.Add(BenchDuplicates.Build(context));
        bench.Subcommands.Add(BenchReport.Build(context));
        bench.Subcommands.Add(BenchClassify.Build(context));
        return bench;
    }
}
