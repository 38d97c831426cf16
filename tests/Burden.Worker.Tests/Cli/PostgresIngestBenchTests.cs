using Burden.Core.Tests.Support;
using Burden.Worker.Cli;

namespace Burden.Worker.Tests.Cli;

/// <summary><c>burden bench ingest --db &lt;postgres&gt;</c> on a real server; skipped without BURDEN_TEST_POSTGRES (failed under BURDEN_REQUIRE_TOOLS=1).</summary>
public sealed class PostgresIngestBenchTests
{
    [SkippableFact]
    public async Task RunAsync_SmallRun_PrintsRawCopyBesideEndToEndAndAVerdict()
    {
        var server = TestPostgres.ServerOrSkip();
        using var dir = new TempDirectory();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, TimeProvider.System);

        var code = await BenchIngestPostgres.RunAsync(context, server, [2_000], dir.Path, CancellationToken.None);

        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        Assert.Matches(@"2,000 rows: parse [\d,]+ rows/s; raw binary COPY [\d,]+ rows/s \(in file order: [\d,]+; bare table, no key or index: [\d,]+\); end to end [\d,]+ rows/s = \d+\.\d\d x raw COPY \(\d+\.\d\d x in file order, \d+\.\d\d x bare\).*; (PASS|MISS)", stdout.ToString());
    }
}
