using System.Diagnostics.CodeAnalysis;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Burden.Worker.Web;

/// <summary>The JSON API: uploads, reports, baselines.</summary>
public static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/uploads", CreateUploadAsync);
        api.MapGet("/uploads/{id:long}", GetUploadAsync);
        api.MapGet("/uploads/{id:long}/rejects", GetRejectsAsync);
        api.MapPost("/reports", QueueReportAsync);
        api.MapPost("/reports/monthly", (IRecurringJobManager recurring) =>
        {
            // Runs the recurring monthly job now; it writes last month's workbooks unless an earlier run already has.
            recurring.Trigger(ReportJob.MonthlyJobId);
            return Results.Accepted("/api/reports", new { queued = ReportJob.MonthlyJobId });
        });
        api.MapGet("/reports", ListReportsAsync);
        api.MapGet("/reports/{name}", (string name, HttpContext context, IBurdenStore store, CancellationToken ct) => DownloadReportAsync(name, store, AccessScope.Of(context), ct));
        api.MapPost("/baselines", QueueBaselineAsync);
        UploadsApi.Map(api);
    }

    private static async Task<IResult> CreateUploadAsync(HttpContext context, UploadIntake intake, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status415UnsupportedMediaType, "send multipart/form-data with a 'file' part and an 'org' field");
        }
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException unreadable)
        {
            return Error(unreadable.StatusCode, $"the upload could not be read: {unreadable.Message} (limit {intake.MaxBytes} bytes)");
        }
        catch (Exception malformed) when (malformed is InvalidDataException || (malformed is IOException && StorageFault.Classify(malformed) is null && !ct.IsCancellationRequested))
        {
            return Error(StatusCodes.Status400BadRequest, $"the upload could not be read as multipart/form-data: {malformed.Message}");
        }
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return Error(StatusCodes.Status400BadRequest, "missing the 'file' part");
        }
        if (file.Length > intake.MaxBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"{UploadIntake.SafeFileName(file.FileName)}: {file.Length} bytes is over the upload limit of {intake.MaxBytes} bytes");
        }
        if (!TryOrg(form["org"], out var org, out var orgProblem))
        {
            return orgProblem;
        }
        var scope = AccessScope.Of(context);
        if (!scope.TryResolve(org, out org, out var refusal))
        {
            return Error(StatusCodes.Status403Forbidden, refusal);
        }
        try
        {
            var kind = PageEndpoints.ParseKind(form["kind"]);
            var replaces = await intake.CheckReplaceableAsync(form["replace"], ct, scope);
            var id = await intake.AcceptAsync(file.FileName, org, kind, await ReadAllAsync(file, intake.MaxBytes, ct), "api", ct, replaces);
            return Results.Accepted($"/api/uploads/{id}", new { id });
        }
        catch (UploadRefusedException refused)
        {
            return Error(refused.Kind switch
            {
                UploadRefusal.UnsupportedType => StatusCodes.Status415UnsupportedMediaType,
                UploadRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
                _ => StatusCodes.Status400BadRequest,
            }, refused.Message);
        }
        catch (BurdenException invalid)
        {
            return Error(StatusCodes.Status400BadRequest, invalid.Message);
        }
    }

    private static async Task<IResult> GetUploadAsync(long id, HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var upload = await UploadsApi.VisibleUploadAsync(id, store, AccessScope.Of(context), ct);
        return upload is null
            ? Error(StatusCodes.Status404NotFound, $"no upload {id}")
            : Results.Ok(UploadsApi.Describe(upload));
    }

    private static async Task<IResult> GetRejectsAsync(long id, HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var upload = await UploadsApi.VisibleUploadAsync(id, store, AccessScope.Of(context), ct);
        if (upload is null)
        {
            return Error(StatusCodes.Status404NotFound, $"no upload {id}");
        }
        var rejects = upload.FileId is { } fileId
            ? (await store.LoadFileRejectsAsync(fileId, ct)).Select(r => r.Issue).ToList()
            : [];
        return Results.Ok(rejects.Select(i => new { line = i.Line, column = i.Column, value = i.Value, message = i.Message, text = i.ToString() }));
    }

    /// <summary>An optional organisation code from a form field or query; on failure, the 400 answer saying why.</summary>
    private static bool TryOrg(string? text, out OrgCode? org, [NotNullWhen(false)] out IResult? problem)
    {
        problem = null;
        org = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (OrgCode.TryParse(text, out org, out var reason))
        {
            return true;
        }
        problem = Error(StatusCodes.Status400BadRequest, reason);
        return false;
    }

    private static async Task<IResult> QueueReportAsync(HttpContext context, string? period, string? org, string? baseline, IBurdenStore store, TimeProvider time, IBackgroundJobClient jobs, CancellationToken ct)
    {
        if (!ReportingPeriod.TryParse(period, out var parsed))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{period}' is not a period (expected ?period=YYYY-MM such as 2022-11, or YYYY/YY such as 2025/26)");
        }
        if (!TryOrg(org, out var orgCode, out var orgProblem))
        {
            return orgProblem;
        }
        if (!AccessScope.Of(context).TryResolve(orgCode, out orgCode, out var refusal))
        {
            return Error(StatusCodes.Status403Forbidden, refusal);
        }
        if (!string.IsNullOrWhiteSpace(baseline))
        {
            var named = await store.LoadBaselineAsync(baseline.Trim(), ct);
            if (named is null)
            {
                return Error(StatusCodes.Status404NotFound, $"baseline '{baseline.Trim()}' does not exist");
            }
            if (!Core.Baselines.BaselineScope.Matches(named, orgCode))
            {
                return Error(StatusCodes.Status400BadRequest, new Core.Baselines.BaselineScopeException(named.Name, named.OrgCode, orgCode).Message);
            }
            var compared = jobs.Enqueue<ReportJob>(r => r.RunWithBaselineAsync(parsed.Label, orgCode == null ? null : orgCode.Value, named.Name, CancellationToken.None));
            return Results.Accepted("/api/reports", new { job = compared, name = ReportJob.NameOf(parsed, orgCode) });
        }
        // Recorded before the 202, so a crash before the job runs does not lose it: start-up enqueues it again.
        var id = await store.CreateJobAsync(new NewJob(JobKind.Report, parsed.Label, orgCode?.Value, null, time.GetUtcNow()), ct);
        var job = jobs.Enqueue<ReportJob>(r => r.RunRecordedAsync(id, CancellationToken.None));
        return Results.Accepted("/api/reports", new { job, id, name = ReportJob.NameOf(parsed, orgCode) });
    }

    private static async Task<IResult> QueueBaselineAsync(HttpContext context, string? name, string? period, string? org, IBurdenStore store, TimeProvider time, IBackgroundJobClient jobs, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return Error(StatusCodes.Status400BadRequest, "give the baseline a name: ?name=2025-26-start (at most 100 characters)");
        }
        if (period is not null && !ReportingPeriod.TryParse(period, out _))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{period}' is not a period (expected YYYY-MM or YYYY/YY)");
        }
        if (!TryOrg(org, out var orgCode, out var orgProblem))
        {
            return orgProblem;
        }
        if (!AccessScope.Of(context).TryResolve(orgCode, out orgCode, out var refusal))
        {
            return Error(StatusCodes.Status403Forbidden, refusal);
        }
        if (await store.LoadBaselineAsync(name, ct) is not null)
        {
            return Error(StatusCodes.Status409Conflict, $"a baseline named '{name}' already exists");
        }
        var id = await store.CreateJobAsync(new NewJob(JobKind.Baseline, period, orgCode?.Value, name, time.GetUtcNow()), ct);
        var job = jobs.Enqueue<BaselineJob>(b => b.RunRecordedAsync(id, CancellationToken.None));
        return Results.Accepted("/api/baselines", new { job, id, name });
    }

    private static async Task<IResult> ListReportsAsync(HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var scope = AccessScope.Of(context);
        var reports = (await store.ListReportsAsync(ct)).Where(r => scope.Allows(r.OrgCode));
        return Results.Ok(reports.Select(r => new
        {
            name = r.Name,
            period = r.Period,
            org = r.OrgCode?.Value,
            created = r.CreatedAt,
            requests_csv = ReportDownloads.SpillOf(r) is { } spill ? $"/api/reports/{Uri.EscapeDataString(spill.Name)}" : null,
        }));
    }

    /// <summary>
    /// Sends a workbook the store lists under exactly this name, or the requests CSV written beside one; the name is never
    /// used as a path. A report of another organisation than the caller's is answered as if it did not exist.
    /// </summary>
    public static async Task<IResult> DownloadReportAsync(string name, IBurdenStore store, AccessScope scope, CancellationToken ct)
    {
        var file = ReportDownloads.Find(name, (await store.ListReportsAsync(ct)).Where(r => scope.Allows(r.OrgCode)));
        if (file is null)
        {
            return Error(StatusCodes.Status404NotFound, $"no report named '{name}'");
        }
        if (!File.Exists(file.Path))
        {
            return Error(StatusCodes.Status410Gone, $"report '{name}' is listed but its file is no longer on disk");
        }
        return Results.File(file.Path, file.ContentType, file.Name);
    }

    public static string StatusText(UploadStatus status) => status.ToString().ToLowerInvariant();

    internal static async Task<byte[]> ReadAllAsync(IFormFile file, long maxBytes, CancellationToken ct)
    {
        if (file.Length > maxBytes)
        {
            throw new BurdenException($"{UploadIntake.SafeFileName(file.FileName)}: {file.Length:N0} bytes is over the upload limit of {maxBytes:N0} bytes");
        }
        using var buffer = new MemoryStream((int)file.Length);
        await using var stream = file.OpenReadStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
