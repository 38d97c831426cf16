using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Burden.Worker.Hosting;
using Burden.Worker.Inbox;
using Burden.Worker.Jobs;
using Hangfire;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Burden.Worker.Tests.Inbox;

public sealed class InboxWatcherTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IBurdenStore _store = Substitute.For<IBurdenStore>();
    private readonly IBackgroundJobClient _jobs = Substitute.For<IBackgroundJobClient>();
    private readonly DataFolders _folders;
    private readonly InboxWatcher _watcher;

    public InboxWatcherTests()
    {
        var options = new ServeOptions { DataDir = _dir.File("data") };
        _folders = new DataFolders(options.DataDir);
        _folders.EnsureCreated();
        _store.CreateUploadAsync(default!, default).ReturnsForAnyArgs(42L);
        _watcher = new InboxWatcher(_folders, new UploadIntake(_store, _jobs, options), _store, options, NullLogger<InboxWatcher>.Instance);
    }

    public void Dispose() => _dir.Dispose();

    private string Drop(string org, string name, string content)
    {
        var folder = Path.Combine(_folders.Inbox, org);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static UploadRecord Upload(UploadStatus status, int accepted, int rejected, string message, long? fileId) =>
        new(42, "log.csv", "QMM", null, "inbox", status, accepted, rejected, message, fileId, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Look_FileStableAcrossTwoLooks_ClaimedAsInboxUploadForFolderOrg()
    {
        var path = Drop("qmm", "log.csv", "a,b\n1,2\n");

        await _watcher.LookAsync(CancellationToken.None);
        Assert.True(File.Exists(path), "a file seen once may still be growing");
        await _watcher.LookAsync(CancellationToken.None);

        Assert.False(File.Exists(path));
        Assert.True(File.Exists(Path.Combine(_folders.Processing, "42-log.csv")));
        await _store.Received(1).CreateUploadAsync(Arg.Is<NewUpload>(u => u.FileName == "log.csv" && u.OrgCode == "QMM" && u.Source == "inbox"), Arg.Any<CancellationToken>());
        _jobs.ReceivedWithAnyArgs(1).Create(default!, default!);
    }

    [Fact]
    public async Task Look_FileStillGrowing_LeftUntilSizeStable()
    {
        var path = Drop("QMM", "log.csv", "a,b\n");
        await _watcher.LookAsync(CancellationToken.None);
        File.AppendAllText(path, "1,2\n3,4\n");

        await _watcher.LookAsync(CancellationToken.None);
        Assert.True(File.Exists(path));
        await _watcher.LookAsync(CancellationToken.None);

        Assert.False(File.Exists(path));
        await _store.Received(1).CreateUploadAsync(Arg.Is<NewUpload>(u => u.Content.Length == 12), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("log.csv.tmp")]
    [InlineData("log.csv.part")]
    [InlineData(".log.csv.swx")]
    [InlineData("~$log.xlsx")]
    [InlineData("log.crdownload")]
    public async Task Look_PartialOrTemporaryName_LeftAlone(string name)
    {
        var path = Drop("QMM", name, "a,b\n1,2\n");

        for (var i = 0; i < 3; i++)
        {
            await _watcher.LookAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(path));
        await _store.DidNotReceiveWithAnyArgs().CreateUploadAsync(default!, default);
    }

    [Fact]
    public async Task Look_FolderNotAnOrgCode_LeftAlone()
    {
        var path = Drop("not an org", "log.csv", "a,b\n1,2\n");

        await _watcher.LookAsync(CancellationToken.None);
        await _watcher.LookAsync(CancellationToken.None);

        Assert.True(File.Exists(path));
        await _store.DidNotReceiveWithAnyArgs().CreateUploadAsync(default!, default);
    }

    [Fact]
    public async Task Look_TypeNotAllowed_MovedToRefusedWithReason()
    {
        Drop("QMM", "minutes.pdf", "%PDF-1.4");

        await _watcher.LookAsync(CancellationToken.None);
        await _watcher.LookAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_folders.Refused, "minutes.pdf")));
        Assert.Contains("only .csv, .txt, .xlsx files are accepted", File.ReadAllText(Path.Combine(_folders.Refused, "minutes.pdf.reason.txt")));
        await _store.DidNotReceiveWithAnyArgs().CreateUploadAsync(default!, default);
    }

    [Fact]
    public async Task Look_UploadRefused_MovedToRefusedWithReason()
    {
        Drop("QMM", "log.csv", "nonsense");
        await _watcher.LookAsync(CancellationToken.None);
        await _watcher.LookAsync(CancellationToken.None);
        _store.GetUploadAsync(42, Arg.Any<CancellationToken>()).Returns(Upload(UploadStatus.Refused, 0, 0, "log.csv: refused: no received_date column", null));

        await _watcher.LookAsync(CancellationToken.None);

        Assert.Empty(Directory.GetFiles(_folders.Processing));
        Assert.True(File.Exists(Path.Combine(_folders.Refused, "log.csv")));
        Assert.Contains("log.csv: refused: no received_date column", File.ReadAllText(Path.Combine(_folders.Refused, "log.csv.reason.txt")));
    }

    [Fact]
    public async Task Look_UploadDoneWithRejects_MovedToProcessedWithEachRejectReason()
    {
        Drop("QMM", "log.csv", "a,b\n1,2\n");
        await _watcher.LookAsync(CancellationToken.None);
        await _watcher.LookAsync(CancellationToken.None);
        _store.GetUploadAsync(42, Arg.Any<CancellationToken>()).Returns(Upload(UploadStatus.Done, 5, 1, "log.csv: 5 accepted, 1 rejected", 9));
        _store.LoadFileRejectsAsync(3, Arg.Any<CancellationToken>()).Returns(new[]
        {
            new StoredReject(3, new IngestIssue("log.csv", 4, "received_date", "x", "an older file's reject")),
        });
        _store.LoadFileRejectsAsync(9, Arg.Any<CancellationToken>()).Returns(new[]
        {
            new StoredReject(9, new IngestIssue("log.csv", 14, "received_date", "31/02/2022", "'31/02/2022' is not a date")),
        });

        await _watcher.LookAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_folders.Processed, "log.csv")));
        var reason = File.ReadAllText(Path.Combine(_folders.Processed, "log.csv.reason.txt"));
        Assert.Contains("accepted 5, rejected 1", reason);
        Assert.Contains("log.csv line 14, column received_date: '31/02/2022' is not a date", reason);
        Assert.DoesNotContain("older file", reason);
    }

    [Fact]
    public async Task Look_UploadStillQueued_FileStaysClaimed()
    {
        Drop("QMM", "log.csv", "a,b\n1,2\n");
        await _watcher.LookAsync(CancellationToken.None);
        await _watcher.LookAsync(CancellationToken.None);
        _store.GetUploadAsync(42, Arg.Any<CancellationToken>()).Returns(Upload(UploadStatus.Queued, 0, 0, "", null));

        await _watcher.LookAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_folders.Processing, "42-log.csv")));
        Assert.Empty(Directory.GetFiles(_folders.Processed));
    }
}
