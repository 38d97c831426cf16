using System.Diagnostics;
using System.Text;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Cli;
using Burden.Storage;

namespace Burden.Worker.Tests.Cli;

/// <summary>A real `burden ingest` process killed part-way through a file leaves none of that file stored.</summary>
public sealed class IngestKillTests : IDisposable
{
    private const int Rows = 400_000;
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Ingest_ProcessKilledMidFile_StoresNothingOfTheFileAndALaterRunStoresItWhole()
    {
        var log = WriteLog(_folder.File("big-log.csv"));
        var db = _folder.File("burden.db");
        var burden = Path.Combine(AppContext.BaseDirectory, "burden.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { burden, "ingest", log, "--db", db })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        // Rows are read and written in one streaming transaction: progress at 100,000 rows means rows are in flight.
        var sawProgress = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("100,000 rows read", StringComparison.Ordinal))
            {
                sawProgress = true;
                break;
            }
        }
        Assert.True(sawProgress, "burden ingest reported progress before finishing");
        Assert.False(process.HasExited, "the process was still working on the file when killed");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(timeout.Token);

        var store = await BurdenStores.OpenAsync(db);
        Assert.Empty(await store.ListFilesAsync());
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, null)));

        var output = new StringWriter();
        var code = await CliApp.RunAsync(["ingest", log, "--db", db], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains($"accepted {Rows}, rejected 0", output.ToString());
        var file = Assert.Single(await store.ListFilesAsync());
        Assert.Equal(Rows, file.Accepted);
    }

    private static string WriteLog(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("org_code,received_date,requester,title,frequency,data_items,hours_spent\n");
        for (var i = 0; i < Rows; i++)
        {
            writer.Write($"QMM,{1 + i % 28:00}/11/2022,NHS England,Request {i},ad hoc,Beds open;Beds occupied item {i % 97},1.5\n");
        }
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
