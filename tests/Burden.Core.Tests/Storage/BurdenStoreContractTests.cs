using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Review;
using static Burden.Core.Tests.Storage.StoreTestData;
using Microsoft.Extensions.Time.Testing;

namespace Burden.Core.Tests.Storage;

/// <summary>
/// What every <see cref="IBurdenStore"/> must do, whatever the engine. A sealed subclass per engine runs it
/// (SQLite always; SQL Server when BURDEN_TEST_SQLSERVER is set, skipped with that reason otherwise).
/// </summary>
public abstract class BurdenStoreContractTests<TProvider> : IAsyncLifetime
    where TProvider : StoreProvider, new()
{
    protected TProvider Provider { get; } = new();

    protected FakeTimeProvider Time { get; } = new(Noon);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Provider.DisposeAsync();

    protected async Task<IBurdenStore> NewStoreAsync() => await Provider.OpenAsync(await Provider.CreateDatabaseAsync(), Time);

    [SkippableFact]
    public async Task MigrateAsync_CalledAgain_KeepsStoredData()
    {
        var db = await Provider.CreateDatabaseAsync();
        var store = await Provider.OpenAsync(db, Time);
        var file = File("log.csv");
        await store.SaveFileAsync(file, Requests("log.csv", 3));

        await store.MigrateAsync();
        var reopened = await Provider.OpenAsync(db, Time);

        var found = await reopened.FindFileByHashAsync(file.Sha256);
        Assert.NotNull(found);
        Assert.Equal(3, found.Accepted);
        Assert.Equal(3, (await reopened.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [SkippableFact]
    public async Task MigrateAsync_TwoStoresAtOnceOnAFreshDatabase_BothSucceed()
    {
        var db = await Provider.CreateDatabaseAsync();

        var opened = await Task.WhenAll(Provider.OpenAsync(db, Time), Provider.OpenAsync(db, Time));

        var stored = await opened[0].SaveFileAsync(File("log.csv"), Requests("log.csv", 2));
        Assert.Equal(stored.Id, Assert.Single(await opened[1].ListFilesAsync()).Id);
    }

    [SkippableFact]
    public async Task SaveFileAsync_RequestWithEveryField_ReadsBackExactly()
    {
        var store = await NewStoreAsync();
        var request = new RequestRecord
        {
            OrgCode = "QMM",
            ReceivedDate = new DateOnly(2022, 11, 7),
            Requester = "@Regional team",
            Title = "=SUM(A1:A9) – Wöchentliche Übersicht 病床 ✓",
            Frequency = Frequency.Fortnightly,
            DataItems = ["+Beds open", "-Beds closed", "Patients ≥ 65; \"quoted\"", "Staff | sick"],
            CollectionRef = "DCB2050",
            HoursSpent = 2.75m,
            StaffBand = "8a",
            Channel = "SDCS",
            DueDate = new DateOnly(2022, 11, 14),
            Purpose = "Winter planning",
            ApprovalRef = "DAPB0001",
            SourceFile = "log.csv",
            SourceLine = 17,
        };

        await store.SaveFileAsync(File("log.csv"), [Accepted(request)]);

        var loaded = Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Equal(request with { DataItems = loaded.DataItems }, loaded);
        Assert.Equal(request.DataItems, loaded.DataItems);
        Assert.Equal("2.75", loaded.HoursSpent!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0'));
    }

    [SkippableFact]
    public async Task SaveFileAsync_RequestWithOnlyRequiredFields_ReadsOptionalsAsNull()
    {
        var store = await NewStoreAsync();
        var request = Request("Daily SitRep", new DateOnly(2022, 11, 1), line: 2);

        await store.SaveFileAsync(File("log.csv"), [Accepted(request)]);

        var loaded = Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Null(loaded.CollectionRef);
        Assert.Null(loaded.HoursSpent);
        Assert.Null(loaded.StaffBand);
        Assert.Null(loaded.Channel);
        Assert.Null(loaded.DueDate);
        Assert.Null(loaded.Purpose);
        Assert.Null(loaded.ApprovalRef);
        Assert.Equal("log.csv", loaded.SourceFile);
        Assert.Equal(2, loaded.SourceLine);
    }

    [SkippableFact]
    public async Task SaveFileAsync_CatalogueEntryWithEveryField_ReadsBackExactly()
    {
        var store = await NewStoreAsync();
        var entry = new CatalogueEntry
        {
            CollectionRef = "DCB0001",
            Title = "@Mental health – services dataset ✓",
            Requester = "=NHS England",
            Frequency = Frequency.Quarterly,
            DataItems = ["Referrals", "Contacts ≥ 2"],
            Respondents = 106,
            HoursPerSubmission = 12.125m,
            Purpose = "Commissioning",
            Consumer = "MH team",
            Publication = "https://example.org/mhsds",
            ApprovalRef = "DCB0011",
            ApprovalExpiry = new DateOnly(2026, 3, 31),
            AutomatedSource = "MHSDS",
            LastUsed = new DateOnly(2025, 1, 15),
            SourceFile = "catalogue.csv",
            SourceLine = 5,
        };

        await store.SaveFileAsync(File("catalogue.csv", LogKind.Catalogue, org: null), [Accepted(entry)]);

        var loaded = Assert.Single(await store.LoadCatalogueAsync());
        Assert.Equal(entry with { DataItems = loaded.DataItems }, loaded);
        Assert.Equal(entry.DataItems, loaded.DataItems);
    }

    [SkippableFact]
    public async Task SaveFileAsync_ReturnsAndListsFileWithItsCounts()
    {
        var store = await NewStoreAsync();
        var file = File("mixed.csv");
        ParsedRow[] rows =
        [
            Accepted(Request("A", new DateOnly(2022, 11, 1), file: "mixed.csv", line: 2)),
            Rejected("mixed.csv", 3, ("received_date", "31/02/2022", "is not a date"), ("frequency", "sometimes", "is not a frequency")),
            Accepted(Request("B", new DateOnly(2022, 11, 2), file: "mixed.csv", line: 4)),
            Rejected("mixed.csv", 5, (null, null, "row has 3 cells, header has 7")),
        ];

        var stored = await store.SaveFileAsync(file, rows);

        Assert.Equal((4, 2, 2), (stored.RowsRead, stored.Accepted, stored.Rejected));
        var listed = Assert.Single(await store.ListFilesAsync());
        Assert.Equal(stored, listed);
        Assert.Equal(file with { }, new NewFile(listed.Name, listed.Sha256, listed.Kind, listed.OrgCode, listed.IngestedAt));
        Assert.Equal(3, (await store.LoadRejectsAsync()).Count);
    }

    [SkippableFact]
    public async Task SaveFileAsync_SameHashTwice_RefusesSecondAndStoresNothingMore()
    {
        var store = await NewStoreAsync();
        var first = File("log.csv", content: "same bytes");
        await store.SaveFileAsync(first, Requests("log.csv", 2));

        var ex = await Assert.ThrowsAsync<BurdenException>(() =>
            store.SaveFileAsync(first with { Name = "copy.csv" }, Requests("copy.csv", 5)));

        Assert.Contains("copy.csv", ex.Message);
        Assert.Contains("log.csv", ex.Message);
        Assert.Single(await store.ListFilesAsync());
        Assert.Equal(2, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [SkippableFact]
    public async Task SaveFileAsync_RowsThrowPartWay_StoresNothingOfTheFileAndItCanBeStoredAfter()
    {
        var store = await NewStoreAsync();
        var file = File("broken.csv");

        await Assert.ThrowsAsync<IOException>(() => store.SaveFileAsync(file, ThrowAfter(25_001)));

        Assert.Empty(await store.ListFilesAsync());
        Assert.Null(await store.FindFileByHashAsync(file.Sha256));
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Empty(await store.LoadRejectsAsync());

        var stored = await store.SaveFileAsync(file, Requests("broken.csv", 10));
        Assert.Equal(10, stored.Accepted);
        Assert.Equal(10, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);

        static IEnumerable<ParsedRow> ThrowAfter(int rows)
        {
            for (var i = 0; i < rows; i++)
            {
                yield return i % 10 == 0
                    ? Rejected("broken.csv", i + 2, ("title", "", "is empty"))
                    : Accepted(Request($"R{i}", new DateOnly(2022, 11, 1), file: "broken.csv", line: i + 2));
            }
            throw new IOException("disk went away");
        }
    }

    [SkippableFact]
    public async Task SaveFileAsync_Cancelled_StoresNothing()
    {
        var store = await NewStoreAsync();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveFileAsync(File("log.csv"), CancelAfter(5000), cancel.Token));

        Assert.Empty(await store.ListFilesAsync());
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, null)));

        IEnumerable<ParsedRow> CancelAfter(int rows)
        {
            foreach (var row in Requests("log.csv", rows * 2))
            {
                if (row.Line == rows)
                {
                    cancel.Cancel();
                }
                yield return row;
            }
        }
    }

    [SkippableFact]
    public async Task SaveFileAsync_CumulativeLog_StoresOnlyTheNewRequests()
    {
        var store = await NewStoreAsync();
        var november = Enumerable.Range(0, 3).Select(i => Request($"November {i}", new DateOnly(2022, 11, 1 + i), file: "nov.csv", line: i + 2)).ToList();
        await store.SaveFileAsync(File("nov.csv"), november.Select(Accepted));
        var december = Enumerable.Range(0, 2).Select(i => Request($"December {i}", new DateOnly(2022, 12, 1 + i), file: "running.csv", line: i + 5)).ToList();
        var running = november.Select(r => r with { SourceFile = "running.csv" }).Concat(december).Select(Accepted).ToList();

        var stored = await store.SaveFileAsync(File("running.csv"), running);

        Assert.Equal((5, 5, 0, 3), (stored.RowsRead, stored.Accepted, stored.Rejected, stored.AlreadyStored));
        var requests = await store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(5, requests.Count);
        Assert.All(requests.Where(r => r.Title.StartsWith("November", StringComparison.Ordinal)), r => Assert.Equal("nov.csv", r.SourceFile));
        Assert.Equal(2, requests.Count(r => r.Title.StartsWith("December", StringComparison.Ordinal) && r.SourceFile == "running.csv"));
        var listed = (await store.ListFilesAsync()).Single(f => f.Name == "running.csv");
        Assert.Equal((5, 3), (listed.Accepted, listed.AlreadyStored));
        Assert.Equal(3, (await store.FindFileByHashAsync(listed.Sha256))!.AlreadyStored);
    }

    [SkippableFact]
    public async Task SaveFileAsync_SameRequestWithOtherHoursAndCase_KeepsTheFirstStored()
    {
        var store = await NewStoreAsync();
        var first = Request("Daily SitRep", new DateOnly(2022, 11, 1)) with { HoursSpent = 2m, Channel = "email" };
        await store.SaveFileAsync(File("a.csv"), [Accepted(first)]);

        // Hours, channel and band describe the answer, not which request it is; title case and spacing do not matter.
        var again = first with { Title = "  daily  SITREP ", HoursSpent = 5m, Channel = "portal", StaffBand = "7", SourceFile = "b.csv" };
        var stored = await store.SaveFileAsync(File("b.csv"), [Accepted(again)]);

        Assert.Equal((1, 1), (stored.Accepted, stored.AlreadyStored));
        var kept = Assert.Single(await store.LoadRequestsAsync(new RequestQuery(null, null)));
        Assert.Equal((2m, "email", "a.csv"), (kept.HoursSpent, kept.Channel, kept.SourceFile));
    }

    [SkippableFact]
    public async Task SaveFileAsync_SameRequestTwiceInOneFile_KeepsBothAndReuploadAddsNeither()
    {
        var store = await NewStoreAsync();
        var request = Request("Ambulance handover delays snapshot", new DateOnly(2022, 11, 14));
        ParsedRow[] twice = [Accepted(request with { SourceLine = 2, HoursSpent = 4.36m }), Accepted(request with { SourceLine = 3, HoursSpent = 2.84m })];

        var first = await store.SaveFileAsync(File("log.csv"), twice);
        var again = await store.SaveFileAsync(File("log-again.csv"), twice);

        // The log says the request came twice, so it is two requests; the same log again adds neither.
        Assert.Equal((2, 0), (first.Accepted, first.AlreadyStored));
        Assert.Equal((2, 2), (again.Accepted, again.AlreadyStored));
        var requests = await store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal([2.84m, 4.36m], requests.Select(r => r.HoursSpent!.Value).Order());
        Assert.All(requests, r => Assert.Equal("log.csv", r.SourceFile));

        // A later log listing it a third time adds only the third.
        var thrice = await store.SaveFileAsync(File("log-thrice.csv"), [.. twice, Accepted(request with { SourceLine = 4 })]);
        Assert.Equal((3, 2), (thrice.Accepted, thrice.AlreadyStored));
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, null))).Count);
    }

    [SkippableFact]
    public async Task SaveFileAsync_CumulativeLogLargerThanOneBulkBatch_CountsEveryAlreadyStoredRow()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("a.csv"), Requests("a.csv", 12_000));

        var stored = await store.SaveFileAsync(File("b.csv"), Requests("b.csv", 12_500));

        Assert.Equal((12_500, 12_000), (stored.Accepted, stored.AlreadyStored));
        var requests = await store.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(12_500, requests.Count);
        Assert.Equal(500, requests.Count(r => r.SourceFile == "b.csv"));
    }

    [SkippableFact]
    public async Task SaveFileAsync_RejectedRowsAndAlreadyStored_CountsStillAddUp()
    {
        var store = await NewStoreAsync();
        var request = Request("Weekly SitRep", new DateOnly(2022, 11, 7));
        await store.SaveFileAsync(File("a.csv"), [Accepted(request)]);
        var bad = new ParsedRow { Line = 3, Issues = [new IngestIssue("b.csv", 3, "received_date", "31/02/2022", "not a date")] };

        var stored = await store.SaveFileAsync(File("b.csv"), [Accepted(request), bad]);

        Assert.Equal((2, 1, 1, 1), (stored.RowsRead, stored.Accepted, stored.Rejected, stored.AlreadyStored));
        Assert.Equal(stored.RowsRead, stored.Accepted + stored.Rejected);
    }

    [SkippableFact]
    public async Task SaveFileAsync_TwoStoresWritingAtOnce_StoreBothFilesWhole()
    {
        var db = await Provider.CreateDatabaseAsync();
        var first = await Provider.OpenAsync(db, Time);
        var second = await Provider.OpenAsync(db, Time);

        var stored = await Task.WhenAll(
            Task.Run(() => first.SaveFileAsync(File("a.csv"), Requests("a.csv", 20_000, "Request A"))),
            Task.Run(() => second.SaveFileAsync(File("b.csv"), Requests("b.csv", 20_000, "Request B"))));

        Assert.All(stored, f => Assert.Equal(20_000, f.Accepted));
        var requests = await first.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(20_000, requests.Count(r => r.SourceFile == "a.csv"));
        Assert.Equal(20_000, requests.Count(r => r.SourceFile == "b.csv"));
    }

    [SkippableFact]
    public async Task SaveFileAsync_TwoStoresWritingTheSameRequestsAtOnce_StoreEachOnceAndCountTheRestAsAlreadyStored()
    {
        var db = await Provider.CreateDatabaseAsync();
        var first = await Provider.OpenAsync(db, Time);
        var second = await Provider.OpenAsync(db, Time);

        // Two logs of the same 20,000 requests (different files, so different content hashes) stored at the same moment.
        var stored = await Task.WhenAll(
            Task.Run(() => first.SaveFileAsync(File("a.csv"), Requests("a.csv", 20_000))),
            Task.Run(() => second.SaveFileAsync(File("b.csv"), Requests("b.csv", 20_000))));

        Assert.All(stored, f => Assert.Equal(20_000, f.Accepted));
        Assert.Equal(20_000, stored.Sum(f => f.AlreadyStored));
        var requests = await first.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(20_000, requests.Count);
        Assert.Equal(20_000, requests.Select(r => (r.ReceivedDate, r.Title)).Distinct().Count());

        // The file that did not keep them holds them as copies: removing the one that did passes all 20,000 to it.
        var keeper = stored.Single(f => f.AlreadyStored == 0);
        var other = stored.Single(f => f.Id != keeper.Id);
        await first.RemoveFileAsync(keeper.Id);
        var after = await first.LoadRequestsAsync(new RequestQuery(null, null));
        Assert.Equal(20_000, after.Count(r => r.SourceFile == other.Name));
        Assert.Equal(0, (await first.GetFileAsync(other.Id))!.AlreadyStored);
    }

    [SkippableFact]
    public async Task SaveFileAsync_RowWithNothingInIt_ThrowsAndStoresNothing()
    {
        var store = await NewStoreAsync();
        ParsedRow[] rows = [Accepted(Request("fine", new DateOnly(2022, 11, 1))), new ParsedRow { Line = 3 }];

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.SaveFileAsync(File("odd.csv"), rows));

        Assert.Contains("odd.csv line 3", ex.Message);
        Assert.Empty(await store.ListFilesAsync());
        Assert.Empty(await store.LoadRequestsAsync(new RequestQuery(null, null)));
    }

    [SkippableFact]
    public async Task LoadRejectsAsync_ByFileName_ReturnsThatFilesRejectsInLineOrder()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("a.csv"),
            [Rejected("a.csv", 9, ("due_date", "soon", "is not a date")), Rejected("a.csv", 3, ("received_date", "=1+1", "is not a date"), (null, null, "row is short"))]);
        await store.SaveFileAsync(File("b.csv"), [Rejected("b.csv", 2, ("title", "", "is empty"))]);

        var rejects = await store.LoadRejectsAsync("a.csv");

        Assert.Equal(
            [new IngestIssue("a.csv", 3, "received_date", "=1+1", "is not a date"), new IngestIssue("a.csv", 3, null, null, "row is short"), new IngestIssue("a.csv", 9, "due_date", "soon", "is not a date")],
            rejects.Select(r => r.Issue));
        Assert.Equal(4, (await store.LoadRejectsAsync()).Count);
        Assert.Empty(await store.LoadRejectsAsync("c.csv"));
    }

    [SkippableFact]
    public async Task LoadRequestsAsync_Month_IncludesFirstAndLastDayOnly()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("log.csv"), Days("2022-10-31", "2022-11-01", "2022-11-30", "2022-12-01"));

        var loaded = await store.LoadRequestsAsync(new RequestQuery(ReportingPeriod.Parse("2022-11"), null));

        Assert.Equal([new DateOnly(2022, 11, 1), new DateOnly(2022, 11, 30)], loaded.Select(r => r.ReceivedDate));
    }

    [SkippableFact]
    public async Task LoadRequestsAsync_FinancialYear_RunsFromAprilToEndOfMarch()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("log.csv"), Days("2025-03-31", "2025-04-01", "2026-03-31", "2026-04-01"));

        var loaded = await store.LoadRequestsAsync(new RequestQuery(ReportingPeriod.Parse("2025/26"), null));

        Assert.Equal([new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31)], loaded.Select(r => r.ReceivedDate));
    }

    [SkippableFact]
    public async Task LoadRequestsAsync_ByOrganisation_ReturnsOnlyItsRequestsInDateFileLineOrder()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("one.csv"),
        [
            Accepted(Request("late", new DateOnly(2022, 11, 20), "QMM", "one.csv", 2)),
            Accepted(Request("other org", new DateOnly(2022, 11, 1), "QWE", "one.csv", 3)),
            Accepted(Request("early line 9", new DateOnly(2022, 11, 1), "QMM", "one.csv", 9)),
            Accepted(Request("december", new DateOnly(2022, 12, 1), "QMM", "one.csv", 10)),
        ]);
        await store.SaveFileAsync(File("two.csv"), [Accepted(Request("early second file", new DateOnly(2022, 11, 1), "QMM", "two.csv", 2))]);

        var all = await store.LoadRequestsAsync(new RequestQuery(null, "QMM"));
        var november = await store.LoadRequestsAsync(new RequestQuery(ReportingPeriod.Parse("2022-11"), "QMM"));

        Assert.Equal(["early line 9", "early second file", "late", "december"], all.Select(r => r.Title));
        Assert.Equal(["early line 9", "early second file", "late"], november.Select(r => r.Title));
    }

    [SkippableFact]
    public async Task LoadCatalogueAsync_SameReferenceInTwoFiles_ReturnsRowFromLatestFile()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("old.csv", LogKind.Catalogue), [Accepted(Entry("A", "Old A", "old.csv", 2)), Accepted(Entry("B", "Only B", "old.csv", 3))]);
        await store.SaveFileAsync(File("new.csv", LogKind.Catalogue), [Accepted(Entry("A", "New A", "new.csv", 2))]);

        var catalogue = await store.LoadCatalogueAsync();

        Assert.Equal([("A", "New A", "new.csv"), ("B", "Only B", "old.csv")], catalogue.Select(e => (e.CollectionRef, e.Title, e.SourceFile)));
    }

    [SkippableFact]
    public async Task ListOrganisationsAsync_Period_ReturnsSortedCodesWithRequestsInIt()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("log.csv"),
        [
            Accepted(Request("a", new DateOnly(2022, 11, 3), "RX1", line: 2)),
            Accepted(Request("b", new DateOnly(2022, 11, 4), "QMM", line: 3)),
            Accepted(Request("c", new DateOnly(2022, 11, 5), "QMM", line: 4)),
            Accepted(Request("d", new DateOnly(2022, 12, 1), "QWE", line: 5)),
        ]);

        Assert.Equal(["QMM", "RX1"], await store.ListOrganisationsAsync(ReportingPeriod.Parse("2022-11")));
        Assert.Equal(["QMM", "QWE", "RX1"], await store.ListOrganisationsAsync(null));
    }

    [SkippableFact]
    public async Task SaveBaselineAsync_ReadsBackAndRefusesSameNameTwice()
    {
        var store = await NewStoreAsync();
        var baseline = new BaselineSnapshot("2022/23 start", "2022/23", "QMM", Noon, [BaselineCollection("DCB1", true), BaselineCollection("weekly-sitrep", false)]);
        await store.SaveBaselineAsync(baseline);
        await store.SaveBaselineAsync(baseline with { Name = "empty", Period = null, OrgCode = null, CreatedAt = Noon.AddDays(1), Collections = [] });

        var loaded = await store.LoadBaselineAsync("2022/23 start");
        var ex = await Assert.ThrowsAsync<BurdenException>(() => store.SaveBaselineAsync(baseline with { Collections = [] }));

        Assert.NotNull(loaded);
        Assert.Equal((baseline.Name, baseline.Period, baseline.OrgCode, baseline.CreatedAt), (loaded.Name, loaded.Period, loaded.OrgCode, loaded.CreatedAt));
        Assert.Equal(baseline.Collections.Count, loaded.Collections.Count);
        for (var i = 0; i < baseline.Collections.Count; i++)
        {
            Assert.Equal(baseline.Collections[i] with { ItemKeys = loaded.Collections[i].ItemKeys }, loaded.Collections[i]);
            Assert.Equal(baseline.Collections[i].ItemKeys, loaded.Collections[i].ItemKeys);
        }
        Assert.Contains("2022/23 start", ex.Message);
        Assert.Equal(2, (await store.LoadBaselineAsync("2022/23 start"))!.Collections.Count);
        Assert.Null(await store.LoadBaselineAsync("missing"));
        var listed = await store.ListBaselinesAsync();
        Assert.Equal(["2022/23 start", "empty"], listed.Select(b => b.Name));
        Assert.All(listed, b => Assert.Empty(b.Collections));
    }

    [SkippableFact]
    public async Task SaveReportAsync_SameName_ReplacesAndListsNewestFirst()
    {
        var store = await NewStoreAsync();
        await store.SaveReportAsync(new ReportRecord("burden-QMM-2022-11.xlsx", "2022-11", "QMM", "/old/path.xlsx", Noon));
        await store.SaveReportAsync(new ReportRecord("burden-all-2022-10.xlsx", "2022-10", null, "/reports/all.xlsx", Noon.AddHours(1)));
        var replacement = new ReportRecord("burden-QMM-2022-11.xlsx", "2022-11", "QMM", "/reports/new.xlsx", Noon.AddHours(2));

        await store.SaveReportAsync(replacement);

        var reports = await store.ListReportsAsync();
        Assert.Equal([replacement, new ReportRecord("burden-all-2022-10.xlsx", "2022-10", null, "/reports/all.xlsx", Noon.AddHours(1))], reports);
    }

    [SkippableFact]
    public async Task ClaimUploadAsync_ByOneInstanceThenAnother_NamesTheLastAndKeepsItAfterDone()
    {
        var store = await NewStoreAsync();
        var id = await store.CreateUploadAsync(new NewUpload("log.csv", "QMM", LogKind.RequestLog, [1, 2], "api", Noon));
        Assert.Null((await store.GetUploadAsync(id))!.ProcessedBy);

        await store.ClaimUploadAsync(id, "web-1:4021");
        Time.SetUtcNow(Noon.AddMinutes(3));
        await store.ClaimUploadAsync(id, "web-2:977");
        await store.UpdateUploadAsync(id, UploadStatus.Done, 2, 0, "log.csv: accepted 2, rejected 0", null);

        var done = await store.GetUploadAsync(id);
        Assert.Equal(UploadStatus.Done, done!.Status);
        Assert.Equal("web-2:977", done.ProcessedBy);
        Assert.Equal("web-2:977", Assert.Single(await store.ListUploadsAsync([UploadStatus.Done])).ProcessedBy);
        await Assert.ThrowsAsync<BurdenException>(() => store.ClaimUploadAsync(id + 100, "web-1:4021"));
    }

    [SkippableFact]
    public async Task Uploads_CreateUpdateAndList_FollowTheLifecycle()
    {
        var store = await NewStoreAsync();
        byte[] content = [0xEF, 0xBB, 0xBF, (byte)'a', 0, 255];
        var received = Noon.AddMinutes(-5);
        var first = await store.CreateUploadAsync(new NewUpload("log.csv", "QMM", LogKind.RequestLog, content, "page", received));
        var second = await store.CreateUploadAsync(new NewUpload("cat.xlsx", null, null, [1, 2, 3], "inbox", received));

        var queued = await store.GetUploadAsync(first);
        Assert.Equal(new UploadRecord(first, "log.csv", "QMM", LogKind.RequestLog, "page", UploadStatus.Queued, 0, 0, null, null, received, received), queued);
        Assert.Equal(content, await store.LoadUploadContentAsync(first));

        var file = await store.SaveFileAsync(File("log.csv"), Requests("log.csv", 3));
        await store.UpdateUploadAsync(first, UploadStatus.Processing, 0, 0, null, null);
        Time.SetUtcNow(Noon.AddMinutes(1));
        await store.UpdateUploadAsync(first, UploadStatus.Done, 3, 0, "log.csv: accepted 3, rejected 0", file.Id);

        var done = await store.GetUploadAsync(first);
        Assert.Equal(new UploadRecord(first, "log.csv", "QMM", LogKind.RequestLog, "page", UploadStatus.Done, 3, 0, "log.csv: accepted 3, rejected 0", file.Id, received, Noon.AddMinutes(1)), done);
        Assert.Equal([second], (await store.ListUploadsAsync([UploadStatus.Queued, UploadStatus.Processing])).Select(u => u.Id));
        Assert.Equal([first, second], (await store.ListUploadsAsync([UploadStatus.Done, UploadStatus.Queued])).Select(u => u.Id));
        Assert.Empty(await store.ListUploadsAsync([UploadStatus.Failed]));
        Assert.Empty(await store.ListUploadsAsync([]));
        Assert.Null(await store.GetUploadAsync(second + 100));
        Assert.Null(await store.LoadUploadContentAsync(second + 100));
        await Assert.ThrowsAsync<BurdenException>(() => store.UpdateUploadAsync(second + 100, UploadStatus.Done, 0, 0, null, null));
    }

    [SkippableFact]
    public async Task FindFileByHashAsync_UnknownHash_ReturnsNull()
    {
        var store = await NewStoreAsync();
        await store.SaveFileAsync(File("log.csv"), Requests("log.csv", 1));

        Assert.Null(await store.FindFileByHashAsync(Sha("something else")));
    }

    [SkippableFact]
    public async Task OrgCode_RowsTypedInTwoCases_OneOrganisationEverywhere()
    {
        var store = await NewStoreAsync();
        var weekly = Request("Weekly SitRep", new DateOnly(2022, 11, 1), org: "qmm", file: "lower.csv");
        await store.SaveFileAsync(File("lower.csv", org: "qmm"),
            [Accepted(weekly), Accepted(Request("Maternity query", new DateOnly(2022, 11, 14), org: " Qmm ", file: "lower.csv", line: 3))]);

        // The same request typed QMM in a later file is the request already stored, not a second organisation's.
        var upper = await store.SaveFileAsync(File("upper.csv", org: null),
            [Accepted(weekly with { OrgCode = "QMM", SourceFile = "upper.csv" }), Accepted(Request("December", new DateOnly(2022, 12, 5), org: "QMM", file: "upper.csv", line: 3))]);
        await store.SaveBaselineAsync(new BaselineSnapshot("reset", "2022-11", "qmm", Noon, []));
        await store.SaveReportAsync(new ReportRecord("burden-QMM-2022-11.xlsx", "2022-11", "qmm", "/r.xlsx", Noon));
        var upload = await store.CreateUploadAsync(new NewUpload("lower.csv", "qmm", null, [1], "inbox", Noon));

        Assert.Equal(1, upper.AlreadyStored);
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, "QMM"))).Count);
        Assert.Equal(3, (await store.LoadRequestsAsync(new RequestQuery(null, "qmm"))).Count);
        Assert.Equal(2, (await store.LoadRequestsAsync(new RequestQuery(ReportingPeriod.Parse("2022-11"), "qMm"))).Count);
        Assert.All(await store.LoadRequestsAsync(new RequestQuery(null, null)), r => Assert.Equal("QMM", r.OrgCode.Value));
        Assert.Equal(["QMM"], (await store.ListOrganisationsAsync(null)).Select(o => o.Value));
        Assert.Equal("QMM", (await store.ListFilesAsync()).Single(f => f.Name == "lower.csv").OrgCode?.Value);
        Assert.Equal("QMM", (await store.LoadBaselineAsync("reset"))!.OrgCode?.Value);
        Assert.Equal("QMM", Assert.Single(await store.ListReportsAsync()).OrgCode?.Value);
        Assert.Equal("QMM", (await store.GetUploadAsync(upload))!.OrgCode?.Value);
    }

    private static IEnumerable<ParsedRow> Days(params string[] days) =>
        days.Select((d, i) => Accepted(Request($"on {d}", DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture), line: i + 2)));

    [SkippableFact]
    public async Task SaveReviewDecisionsAsync_Decisions_AreListedInOrderWithEveryFieldAndFilteredByOrganisation()
    {
        var store = await NewStoreAsync();
        var pair = new NewReviewDecision(ReviewSubject.Pair, "RTT", "WLMDS", null, ReviewVerdict.NotDuplicate, "aaaaaaaaaaaa", "bbbbbbbbbbbb", "QMM", "2022-11", "Priya Shah", Noon, "shared source data, different purpose");
        var rec = new NewReviewDecision(ReviewSubject.Recommendation, "UECSITREP", null, "automate", ReviewVerdict.Deferred, "cccccccccccc", null, null, null, "Sam", Noon.AddMinutes(5), null);

        Assert.Equal(2, await store.SaveReviewDecisionsAsync([pair, rec]));
        var all = await store.LoadReviewDecisionsAsync();
        var qmm = await store.LoadReviewDecisionsAsync("qmm");

        Assert.Equal([pair, rec], all.Select(d => d.Decision with { At = d.Decision.At.ToUniversalTime() }).ToArray());
        Assert.True(all[0].Id < all[1].Id);
        Assert.Equal(pair, Assert.Single(qmm).Decision with { At = qmm[0].Decision.At.ToUniversalTime() });
    }

    [SkippableFact]
    public async Task SaveEmbeddingsAsync_ThenLoad_ReturnsTheVectorsOfThatModelVersionOnly()
    {
        var db = await Provider.CreateDatabaseAsync();
        var store = await Provider.OpenAsync(db, Time);
        float[] beds = [0.6f, 0.8f, 0f];
        float[] waits = [0f, -1f, 1e-7f];
        await store.SaveEmbeddingsAsync("model-a", "1.0", [new("g&a beds occupied", beds), new("patients waiting over 18 weeks", waits)]);
        await store.SaveEmbeddingsAsync("model-a", "2.0", [new("g&a beds occupied", [1f, 0f, 0f])]);

        var reopened = await Provider.OpenAsync(db, Time);
        var v1 = await reopened.LoadEmbeddingsAsync("model-a", "1.0", ["g&a beds occupied", "patients waiting over 18 weeks", "never stored"]);
        var other = await reopened.LoadEmbeddingsAsync("model-b", "1.0", ["g&a beds occupied"]);

        Assert.Equal(2, v1.Count);
        Assert.Equal(beds, v1["g&a beds occupied"]);
        Assert.Equal(waits, v1["patients waiting over 18 weeks"]);
        Assert.Empty(other);
        var v2 = await reopened.LoadEmbeddingsAsync("model-a", "2.0", ["g&a beds occupied"]);
        Assert.Equal(new[] { 1f, 0f, 0f }, v2["g&a beds occupied"]);
    }

    [SkippableFact]
    public async Task SaveEmbeddingsAsync_TextAlreadyStoredAndMoreThanOneLoadBatch_KeepsOneRowEachAndLoadsThemAll()
    {
        var store = await NewStoreAsync();
        var texts = Enumerable.Range(0, 1_203).Select(i => $"measure {i}").ToList();
        await store.SaveEmbeddingsAsync("m", "1", [.. texts.Take(10).Select(t => new KeyValuePair<string, float[]>(t, [1f]))]);

        await store.SaveEmbeddingsAsync("m", "1", [.. texts.Select((t, i) => new KeyValuePair<string, float[]>(t, [i]))]);
        var loaded = await store.LoadEmbeddingsAsync("m", "1", texts);

        Assert.Equal(texts.Count, loaded.Count);
        Assert.Equal(new[] { 1f }, loaded["measure 3"]);
        Assert.Equal(new[] { 1_202f }, loaded["measure 1202"]);
    }
}
