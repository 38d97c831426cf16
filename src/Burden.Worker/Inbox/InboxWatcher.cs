using System.Globalization;
using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Inbox;

/// <summary>
/// Polls <c>DIR/inbox/&lt;ORG&gt;/</c>. A file whose size and time are unchanged across two looks is claimed (moved to
/// <c>processing/</c>), stored as an upload from source <c>inbox</c> and queued for ingest; once its upload is done or
/// refused the file moves on to <c>processed/</c> or <c>refused/</c> with a <c>.reason.txt</c> beside it.
/// Temporary and partial names are left alone. Claiming and finishing are both driven from the store's state, so a
/// restart in between loses nothing.
/// </summary>
public sealed class InboxWatcher : BackgroundService
{
    private static readonly string[] PartialSuffixes = [".tmp", ".part", ".partial", ".crdownload", ".download", ".filepart", ".swp"];

    private readonly DataFolders _folders;
    private readonly UploadIntake _intake;
    private readonly IBurdenStore _store;
    private readonly ServeOptions _options;
    private readonly ILogger<InboxWatcher> _log;
    private readonly Dictionary<string, (long Length, DateTime Written)> _lastLook = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public InboxWatcher(DataFolders folders, UploadIntake intake, IBurdenStore store, ServeOptions options, ILogger<InboxWatcher> log)
    {
        _folders = folders;
        _intake = intake;
        _store = store;
        _options = options;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.InboxPollInterval, _options.Time);
        do
        {
            try
            {
                await LookAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The watcher's loop is a boundary: one bad look (database restarting, a file vanishing) must not stop the inbox.
                _log.LogError(failure, "Inbox look failed; trying again in {Interval}", _options.InboxPollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One look: finish claimed files whose upload is over, then claim files that have stopped growing.</summary>
    public async Task LookAsync(CancellationToken cancellationToken)
    {
        await FinishClaimedAsync(cancellationToken);
        await ClaimStableAsync(cancellationToken);
    }

    private async Task ClaimStableAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var orgDir in Directory.EnumerateDirectories(_folders.Inbox))
        {
            var folderName = Path.GetFileName(orgDir);
            if (!OrgCode.TryParse(folderName, out var org))
            {
                WarnOnce(orgDir, $"inbox folder '{folderName}' is not an organisation code ({OrgCode.Expected}); its files are left alone");
                continue;
            }
            foreach (var path in Directory.EnumerateFiles(orgDir))
            {
                var name = Path.GetFileName(path);
                if (IsPartial(name))
                {
                    continue;
                }
                seen.Add(path);
                var info = new FileInfo(path);
                var look = (info.Length, info.LastWriteTimeUtc);
                if (!_lastLook.TryGetValue(path, out var previous) || previous != look)
                {
                    _lastLook[path] = look;
                    continue;
                }
                _lastLook.Remove(path);
                await ClaimAsync(path, org, cancellationToken);
            }
        }
        foreach (var gone in _lastLook.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _lastLook.Remove(gone);
        }
    }

    private async Task ClaimAsync(string path, OrgCode org, CancellationToken cancellationToken)
    {
        var safeName = UploadIntake.SafeFileName(Path.GetFileName(path));
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (IOException busy)
        {
            _log.LogInformation("Inbox file {File} could not be read yet ({Reason}); trying again", safeName, busy.Message);
            return;
        }
        long id;
        try
        {
            id = await _intake.AcceptAsync(safeName, org, null, content, "inbox", cancellationToken);
        }
        catch (BurdenException refused)
        {
            MoveWithReason(path, _folders.Refused, safeName, refused.Message + Environment.NewLine);
            _log.LogInformation("Inbox file {File} for {Org} refused: {Reason}", safeName, org, refused.Message);
            return;
        }
        File.Move(path, Path.Combine(_folders.Processing, $"{id.ToString(CultureInfo.InvariantCulture)}-{safeName}"));
        _log.LogInformation("Inbox file {File} for {Org} queued as upload {UploadId}", safeName, org, id);
    }

    private async Task FinishClaimedAsync(CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(_folders.Processing))
        {
            var name = Path.GetFileName(path);
            var dash = name.IndexOf('-');
            if (dash <= 0 || !long.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }
            var upload = await _store.GetUploadAsync(id, cancellationToken);
            if (upload is null || upload.Status is not (UploadStatus.Done or UploadStatus.Refused or UploadStatus.Skipped or UploadStatus.Removed))
            {
                continue;
            }
            var reason = await DescribeAsync(upload, cancellationToken);
            // A skipped file stored nothing, but nothing was wrong with it: it goes with the processed ones, its reason saying so.
            var target = upload.Status == UploadStatus.Refused ? _folders.Refused : _folders.Processed;
            MoveWithReason(path, target, name[(dash + 1)..], reason);
        }
    }

    private async Task<string> DescribeAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"upload {upload.Id} for {upload.OrgCode}: {upload.Status.ToString().ToLowerInvariant()}");
        var kept = upload.AlreadyStored > 0 ? $" ({upload.AlreadyStored} already stored, kept once)" : "";
        text.AppendLine(CultureInfo.InvariantCulture, $"accepted {upload.Accepted}{kept}, rejected {upload.Rejected}");
        if (!string.IsNullOrEmpty(upload.Message))
        {
            text.AppendLine(upload.Message);
        }
        if (upload.Rejected > 0 && upload.FileId is { } fileId)
        {
            foreach (var reject in await _store.LoadFileRejectsAsync(fileId, cancellationToken))
            {
                text.AppendLine(reject.Issue.ToString());
            }
        }
        return text.ToString();
    }

    private static void MoveWithReason(string path, string folder, string safeName, string reason)
    {
        var target = Path.Combine(folder, safeName);
        var stem = Path.GetFileNameWithoutExtension(safeName);
        var extension = Path.GetExtension(safeName);
        for (var n = 2; File.Exists(target) || File.Exists(target + ".reason.txt"); n++)
        {
            target = Path.Combine(folder, $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}{extension}");
        }
        File.WriteAllText(target + ".reason.txt", reason);
        File.Move(path, target);
    }

    internal static bool IsPartial(string name) =>
        name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal) ||
        PartialSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private void WarnOnce(string key, string message)
    {
        if (_warned.Add(key))
        {
            _log.LogWarning("{Message}", message);
        }
    }
}
