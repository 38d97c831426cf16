using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Burden.Worker.Web;

/// <summary><c>GET /health</c>: open to all; 200 with the database and Hangfire server state, 503 degraded, naming the cause, when the database does not answer, a write failed, or the disk is nearly full.</summary>
public static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/health", CheckAsync);

    private static async Task<IResult> CheckAsync(IBurdenStore store, HostStorage storage, StorageHealth storageHealth, DataFolders folders, ServeOptions options, CancellationToken ct)
    {
        string database;
        var healthy = true;
        try
        {
            await store.GetUploadAsync(0, ct);
            database = "ok";
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Health is a boundary: report the failure rather than throw it.
            database = $"unreachable: {failure.GetType().Name}";
            healthy = false;
        }
        var causes = new List<string>();
        if (!healthy)
        {
            causes.Add($"the database does not answer ({database})");
        }
        if (storageHealth.LastFailure is { } failed)
        {
            healthy = false;
            causes.Add($"{StorageFault.Describe(failed.Kind)} (last seen {failed.At:yyyy-MM-dd HH:mm:ss} UTC: {failed.Detail})");
        }
        long? freeBytes = null;
        try
        {
            freeBytes = new DriveInfo(folders.Root).AvailableFreeSpace;
        }
        catch (IOException)
        {
            // No drive information (an unusual mount): the free-space check is skipped, not failed.
        }
        if (freeBytes < options.MinFreeDiskBytes)
        {
            healthy = false;
            causes.Add($"the disk holding {folders.Root} has {freeBytes / 1024:N0} KiB free (below {options.MinFreeDiskBytes / (1024 * 1024):N0} MiB)");
        }
        var alive = storage.Storage.GetMonitoringApi().Servers();
        var body = new
        {
            status = healthy ? "ok" : "degraded",
            database,
            cause = causes.Count == 0 ? null : string.Join("; ", causes),
            disk = new { path = folders.Root, free_bytes = freeBytes },
            hangfire = new
            {
                storage = storage.QueueInMemory ? "in-memory" : "sql-server",
                servers = alive.Count,
                workers = alive.Sum(s => s.WorkersCount),
                queues = alive.SelectMany(s => s.Queues).Distinct().ToArray(),
                lastHeartbeat = alive.Max(s => s.Heartbeat),
            },
        };
        return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
