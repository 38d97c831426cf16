using Burden.Core.Storage;
using Burden.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Burden.Worker.Web;

/// <summary><c>GET /health</c>: open to all; 200 with the database and Hangfire server state, 503 when the database does not answer.</summary>
public static class HealthEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/health", CheckAsync);

    private static async Task<IResult> CheckAsync(IBurdenStore store, HostStorage storage, CancellationToken ct)
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
        var alive = storage.Storage.GetMonitoringApi().Servers();
        var body = new
        {
            status = healthy ? "ok" : "degraded",
            database,
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
