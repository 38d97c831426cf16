using System.Text;
using Burden.Core.Analysis;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Storage;
using Burden.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Ingest;

/// <summary>
/// A file uploaded by mistake, removed or replaced, on real SQLite files: the analysis afterwards is exactly the analysis of
/// a database that only ever held the corrected file.
/// </summary>
public sealed class IngestPipelineReplaceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2022, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly SqliteStoreProvider _provider = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    /// <summary>The November sample as the ICB meant to send it.</summary>
    private static byte[] Corrected() => File.ReadAllBytes(Repo.Path("samples", "icb-request-log-2022-11.csv"));

    /// <summary>The same log with the mistakes a team makes: hours typed wrong on every fifth row, a stray row, a band of 12.</summary>
    private static byte[] Mistaken()
    {
        var lines = Encoding.UTF8.GetString(Corrected()).TrimEnd('\n').Split('\n').ToList();
        for (var i = 1; i < lines.Count; i += 5)
        {
            var cells = lines[i].Split(',');
            // hours_spent is the eighth column; a wrong figure, the rest of the row as it was.
            if (cells.Length > 7 && decimal.TryParse(cells[7], System.Globalization.CultureInfo.InvariantCulture, out var hours))
            {
                cells[7] = (hours * 10 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                lines[i] = string.Join(',', cells);
            }
        }
        lines.Add("QMM,2022-11-30,NHS England - Finance,Stray row pasted from another sheet,ad hoc,Agency spend,,40,6,Email,,,");
        lines.Add("QMM,2022-11-30,NHS England - Finance,Band typed as a grade,ad hoc,Agency spend,,4,12,Email,,,");
        return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
    }

    private async Task<IBurdenStore> NewStoreAsync() => await _provider.OpenAsync(await _provider.CreateDatabaseAsync(), new FakeTimeProvider(Now));

    private static async Task<string> AnalysisJsonOfAsync(IBurdenStore store)
    {
        var result = await new Analyser(new FakeTimeProvider(Now)).AnalyseAsync(store, new AnalysisScope(ReportingPeriod.Parse("2022-11"), "QMM", null));
        using var buffer = new MemoryStream();
        AnalysisJson.Write(result, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private async Task<string> OnlyCorrectedAsync()
    {
        var store = await NewStoreAsync();
        await new IngestPipeline(store, time: new FakeTimeProvider(Now)).IngestAsync(new MemoryStream(Corrected()), "qmm-november.csv", "QMM", null);
        return await AnalysisJsonOfAsync(store);
    }

    [Fact]
    public async Task RemoveThenUpload_MistakenFile_AnalysisAsIfOnlyCorrectedStored()
    {
        var store = await NewStoreAsync();
        var pipeline = new IngestPipeline(store, time: new FakeTimeProvider(Now));
        var mistaken = await pipeline.IngestAsync(new MemoryStream(Mistaken()), "qmm-november.csv", "QMM", null);
        Assert.Equal(1, mistaken.Rejected);
        var before = await AnalysisJsonOfAsync(store);

        await store.RemoveFileAsync(mistaken.FileId!.Value);
        await pipeline.IngestAsync(new MemoryStream(Corrected()), "qmm-november.csv", "QMM", null);

        var expected = await OnlyCorrectedAsync();
        Assert.NotEqual(expected, before);
        Assert.Equal(expected, await AnalysisJsonOfAsync(store));
        Assert.Empty(await store.LoadRejectsAsync(null, includeSuperseded: true));
    }

    [Fact]
    public async Task ReplaceAsync_MistakenFile_AnalysisAsIfOnlyCorrectedStored()
    {
        var store = await NewStoreAsync();
        var pipeline = new IngestPipeline(store, time: new FakeTimeProvider(Now));
        var mistaken = await pipeline.IngestAsync(new MemoryStream(Mistaken()), "qmm-november.csv", "QMM", null);

        var replaced = await pipeline.ReplaceAsync(mistaken.FileId!.Value, new MemoryStream(Corrected()), "qmm-november.csv", "QMM", null);

        Assert.Equal(IngestStatus.Stored, replaced.Status);
        Assert.Equal(mistaken.FileId, replaced.Replaced!.File.Id);
        Assert.Equal(await OnlyCorrectedAsync(), await AnalysisJsonOfAsync(store));
    }

    [Fact]
    public async Task UploadThenRemove_CorrectedStoredBeforeMistakenRemoved_AnalysisAsIfOnlyCorrectedStored()
    {
        var store = await NewStoreAsync();
        var pipeline = new IngestPipeline(store, time: new FakeTimeProvider(Now));
        var mistaken = await pipeline.IngestAsync(new MemoryStream(Mistaken()), "qmm-november.csv", "QMM", null);
        var corrected = await pipeline.IngestAsync(new MemoryStream(Corrected()), "qmm-november.csv", "QMM", null);
        // Row idempotence kept every shared request once, with the mistaken hours; the rejects are superseded.
        Assert.True(corrected.AlreadyStored > 200);
        Assert.Empty(await store.LoadRejectsAsync(null, includeSuperseded: false));

        var removal = await store.RemoveFileAsync(mistaken.FileId!.Value);

        Assert.Equal(corrected.AlreadyStored, removal.RequestsKept);
        Assert.Equal(await OnlyCorrectedAsync(), await AnalysisJsonOfAsync(store));
    }

    [Fact]
    public async Task ReplaceAsync_ReplacementRefused_OldFileStays()
    {
        var store = await NewStoreAsync();
        var pipeline = new IngestPipeline(store, time: new FakeTimeProvider(Now));
        var mistaken = await pipeline.IngestAsync(new MemoryStream(Mistaken()), "qmm-november.csv", "QMM", null);
        var before = await AnalysisJsonOfAsync(store);

        var refused = await pipeline.ReplaceAsync(mistaken.FileId!.Value, new MemoryStream(RawXlsx.TruncatedAfterTwoRequests()), "qmm-november.xlsx", "QMM", null);

        Assert.Equal(IngestStatus.Refused, refused.Status);
        Assert.Equal(before, await AnalysisJsonOfAsync(store));
        Assert.Equal(mistaken.FileId, Assert.Single(await store.ListFilesAsync()).Id);
    }
}
