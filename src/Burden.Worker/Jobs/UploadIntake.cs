using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Hangfire;

namespace Burden.Worker.Jobs;

/// <summary>Receives an upload from the page, the API or the inbox: checks it, stores it queued with its bytes, enqueues its ingest job.</summary>
public sealed class UploadIntake
{
    /// <summary>Extensions accepted; the pipeline still looks at the content.</summary>
    public static readonly IReadOnlyList<string> AllowedExtensions = [".csv", ".txt", ".xlsx"];

    private readonly IBurdenStore _store;
    private readonly IBackgroundJobClient _jobs;
    private readonly ServeOptions _options;

    public UploadIntake(IBurdenStore store, IBackgroundJobClient jobs, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _jobs = jobs;
        _options = options;
    }

    public long MaxBytes => _options.MaxUploadBytes;

    /// <summary>Stores the upload and enqueues its ingest; throws <see cref="UploadRefusedException"/> naming what is wrong with it.</summary>
    /// <param name="replacesUploadId">An upload whose stored file this one replaces once stored (see <see cref="CheckReplaceableAsync"/>).</param>
    public async Task<long> AcceptAsync(string fileName, OrgCode? orgCode, LogKind? kind, byte[] content, string source, CancellationToken cancellationToken, long? replacesUploadId = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var safeName = SafeFileName(fileName);
        CheckExtension(safeName);
        if (content.Length == 0)
        {
            throw new UploadRefusedException(UploadRefusal.Empty, safeName, $"{safeName}: the file is empty");
        }
        if (content.LongLength > _options.MaxUploadBytes)
        {
            throw new UploadRefusedException(UploadRefusal.TooLarge, safeName, $"{safeName}: {content.LongLength:N0} bytes is over the upload limit of {_options.MaxUploadBytes:N0} bytes");
        }
        var id = await _store.CreateUploadAsync(new NewUpload(safeName, orgCode, kind, content, source, _options.Time.GetUtcNow()) { ReplacesUploadId = replacesUploadId }, cancellationToken);
        _jobs.Enqueue<IngestUploadJob>(job => job.RunAsync(id, CancellationToken.None));
        return id;
    }

    /// <summary>
    /// The upload id in a <c>replace</c> field, checked to hold a stored file now; null when the field is blank. The
    /// replacement itself happens in the ingest job, in one transaction with storing the new file.
    /// </summary>
    public async Task<long?> CheckReplaceableAsync(string? replace, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(replace))
        {
            return null;
        }
        if (!long.TryParse(replace.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            throw new BurdenException($"replace '{replace.Trim()}' is not an upload number (expected the id of the upload to replace, such as 12)");
        }
        var upload = await _store.GetUploadAsync(id, cancellationToken) ?? throw new BurdenException($"there is no upload {id} to replace");
        if (upload.FileId is null)
        {
            throw new BurdenException($"upload {id} ({upload.FileName}) holds no stored file to replace (it is {upload.Status.ToString().ToLowerInvariant()})");
        }
        return id;
    }

    /// <summary>Throws unless the name ends in an allowed extension.</summary>
    public static void CheckExtension(string safeName)
    {
        var extension = Path.GetExtension(safeName).ToLowerInvariant();
        if (!AllowedExtensions.Contains(extension))
        {
            throw new UploadRefusedException(UploadRefusal.UnsupportedType, safeName, $"{safeName}: only {string.Join(", ", AllowedExtensions)} files are accepted");
        }
    }

    /// <summary>The organisation code, null when blank; throws <see cref="BurdenException"/> with <see cref="OrgCode"/>'s reason when it is not one.</summary>
    public static OrgCode? NormaliseOrg(string? orgCode) => OrgCode.ParseOptional(orgCode);

    /// <summary>A name safe to show and to put in a folder: no folder part, only letters, digits, <c>. _ -</c> and spaces, at most 100 characters.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ' ' ? c : '_');
        }
        var safe = builder.ToString().Trim().TrimStart('.');
        if (safe.Length > 100)
        {
            var extension = Path.GetExtension(safe);
            safe = safe[..(100 - extension.Length)] + extension;
        }
        return safe.Length == 0 ? "upload" : safe;
    }
}
