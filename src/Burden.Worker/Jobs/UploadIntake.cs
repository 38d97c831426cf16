using System.Text;
using System.Text.RegularExpressions;
using Burden.Core.Common;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Hangfire;

namespace Burden.Worker.Jobs;

/// <summary>Receives an upload from the page, the API or the inbox: checks it, stores it queued with its bytes, enqueues its ingest job.</summary>
public sealed partial class UploadIntake
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

    /// <summary>Stores the upload and enqueues its ingest; throws <see cref="BurdenException"/> naming what is wrong with it.</summary>
    public async Task<long> AcceptAsync(string fileName, string? orgCode, LogKind? kind, byte[] content, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var safeName = SafeFileName(fileName);
        CheckExtension(safeName);
        if (content.Length == 0)
        {
            throw new BurdenException($"{safeName}: the file is empty");
        }
        if (content.LongLength > _options.MaxUploadBytes)
        {
            throw new BurdenException($"{safeName}: {content.LongLength:N0} bytes is over the upload limit of {_options.MaxUploadBytes:N0} bytes");
        }
        var org = NormaliseOrg(orgCode);
        var id = await _store.CreateUploadAsync(new NewUpload(safeName, org, kind, content, source, _options.Time.GetUtcNow()), cancellationToken);
        _jobs.Enqueue<IngestUploadJob>(job => job.RunAsync(id, CancellationToken.None));
        return id;
    }

    /// <summary>Throws unless the name ends in an allowed extension.</summary>
    public static void CheckExtension(string safeName)
    {
        var extension = Path.GetExtension(safeName).ToLowerInvariant();
        if (!AllowedExtensions.Contains(extension))
        {
            throw new BurdenException($"{safeName}: only {string.Join(", ", AllowedExtensions)} files are accepted");
        }
    }

    /// <summary>The organisation code upper-cased, null when blank; throws when it is not an ODS-style code of 3–10 letters or digits.</summary>
    public static string? NormaliseOrg(string? orgCode)
    {
        if (string.IsNullOrWhiteSpace(orgCode))
        {
            return null;
        }
        var org = orgCode.Trim().ToUpperInvariant();
        if (!OrgPattern().IsMatch(org))
        {
            throw new BurdenException($"'{orgCode.Trim()}' is not an organisation code (expected an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001)");
        }
        return org;
    }

    /// <summary>True when <paramref name="text"/> is an organisation code as <see cref="NormaliseOrg"/> accepts it.</summary>
    public static bool IsOrgCode(string? text) => text is not null && OrgPattern().IsMatch(text.Trim().ToUpperInvariant());

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

    [GeneratedRegex("^[A-Z0-9]{3,10}$")]
    private static partial Regex OrgPattern();
}
