using System.Globalization;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Burden.Worker.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Burden.Worker.Web;

/// <summary>Upload history and removal: <c>GET /api/uploads</c>, <c>DELETE /api/uploads/{id}</c>.</summary>
public static class UploadsApi
{
    /// <summary>Most uploads one page of the list holds.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Uploads one page holds when the caller does not say.</summary>
    public const int DefaultPageSize = 50;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/uploads", ListAsync);
        api.MapDelete("/uploads/{id:long}", RemoveAsync);
    }

    /// <summary>The upload when it exists and the caller may see it (its own organisation's, for a scoped caller); else null, as if it did not exist.</summary>
    public static async Task<UploadRecord?> VisibleUploadAsync(long id, IBurdenStore store, AccessScope scope, CancellationToken ct)
    {
        var upload = await store.GetUploadAsync(id, ct);
        return upload is not null && scope.Allows(upload.OrgCode) ? upload : null;
    }

    /// <summary>An upload as the API shows it, in the list and alone.</summary>
    public static object Describe(UploadRecord u) => new
    {
        id = u.Id,
        file = u.FileName,
        org = u.OrgCode,
        source = u.Source,
        status = ApiEndpoints.StatusText(u.Status),
        accepted = u.Accepted,
        rejected = u.Rejected,
        already_stored = u.AlreadyStored,
        message = u.Message,
        received = u.ReceivedAt,
        finished = u.FinishedAt,
        stored_file = u.FileId,
        earlier_upload = u.EarlierUploadId,
        replaces_upload = u.ReplacesUploadId,
        processed_by = u.ProcessedBy,
    };

    /// <summary>Reads <c>offset</c> and <c>limit</c>; throws <see cref="BurdenException"/> naming the bad one.</summary>
    public static (int Offset, int Limit) Paging(string? offset, string? limit)
    {
        var skip = 0;
        var take = DefaultPageSize;
        if (!string.IsNullOrEmpty(offset) && (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip)))
        {
            throw new BurdenException($"offset '{offset}' is not a whole number of 0 or more");
        }
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxPageSize))
        {
            throw new BurdenException($"limit '{limit}' is not a page size (expected 1 to {MaxPageSize})");
        }
        return (skip, take);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IBurdenStore store, string? org, string? offset, string? limit, CancellationToken ct)
    {
        OrgCode? orgCode;
        int skip, take;
        try
        {
            orgCode = UploadIntake.NormaliseOrg(org);
            (skip, take) = Paging(offset, limit);
        }
        catch (BurdenException invalid)
        {
            return Results.Json(new { error = invalid.Message }, statusCode: StatusCodes.Status400BadRequest);
        }
        if (!AccessScope.Of(context).TryResolve(orgCode, out orgCode, out var refusal))
        {
            return Results.Json(new { error = refusal }, statusCode: StatusCodes.Status403Forbidden);
        }
        // One more than asked says whether there is a next page without counting the whole table.
        var page = await store.ListUploadPageAsync(orgCode, skip, take + 1, ct);
        var more = page.Count > take;
        var orgPart = orgCode is null ? "" : $"org={Uri.EscapeDataString(orgCode.Value)}&";
        return Results.Ok(new
        {
            offset = skip,
            limit = take,
            org = orgCode,
            items = page.Take(take).Select(Describe),
            next = more ? $"/api/uploads?{orgPart}offset={skip + take}&limit={take}" : null,
        });
    }

    private static async Task<IResult> RemoveAsync(long id, HttpContext context, IBurdenStore store, CancellationToken ct)
    {
        var (status, body) = await RemoveUploadAsync(id, store, AccessScope.Of(context), ct);
        return Results.Json(body, statusCode: status);
    }

    /// <summary>Removes the stored file of upload <paramref name="id"/>: the status code and body the API answers (the page words its own).</summary>
    public static async Task<(int Status, object Body)> RemoveUploadAsync(long id, IBurdenStore store, AccessScope scope, CancellationToken ct)
    {
        var upload = await VisibleUploadAsync(id, store, scope, ct);
        if (upload is null)
        {
            return (StatusCodes.Status404NotFound, new { error = $"no upload {id}" });
        }
        if (upload.FileId is not { } fileId)
        {
            var why = upload.Status switch
            {
                UploadStatus.Removed => "its file was already removed",
                UploadStatus.Skipped => upload.EarlierUploadId is { } earlier
                    ? $"it stored nothing (the same content is upload {earlier}'s; remove that one)"
                    : "it stored nothing (the same content was stored before)",
                UploadStatus.Refused => "it was refused and stored nothing",
                _ => $"it is {ApiEndpoints.StatusText(upload.Status)}; wait until it is done",
            };
            return (StatusCodes.Status409Conflict, new { error = $"upload {id} ({upload.FileName}) has nothing to remove: {why}" });
        }
        var removal = await store.RemoveFileAsync(fileId, ct);
        return (StatusCodes.Status200OK, new
        {
            id,
            file = removal.File.Name,
            stored_file = removal.File.Id,
            status = ApiEndpoints.StatusText(UploadStatus.Removed),
            requests_removed = removal.RequestsRemoved,
            requests_kept = removal.RequestsKept,
            catalogue_rows_removed = removal.CatalogueRowsRemoved,
            rejects_removed = removal.RejectsRemoved,
        });
    }
}
