using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Web;

/// <summary>
/// The outermost boundary of a request: every failure answers in words, as JSON under <c>/api</c> and as a page
/// elsewhere. Storage failures give 503 and are remembered for <c>/health</c>; an unreadable or over-limit body gives
/// its own status (400, 413); anything else 500 with the trace id to find it in the log.
/// </summary>
public sealed class FailureResponses
{
    private readonly RequestDelegate _next;
    private readonly StorageHealth _health;
    private readonly ILogger<FailureResponses> _log;

    public FailureResponses(RequestDelegate next, StorageHealth health, ILogger<FailureResponses> log)
    {
        _next = next;
        _health = health;
        _log = log;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
            if (HttpMethods.IsPost(context.Request.Method) && context.Response.StatusCode < 400)
            {
                // A write went through, so whatever failed before is over.
                _health.Succeeded();
            }
        }
        catch (Exception failure) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, message) = Describe(failure, context);
            if (status >= 500)
            {
                _log.LogError(failure, "{Method} {Path} failed: {Status}", context.Request.Method, context.Request.Path, status);
            }
            context.Response.Clear();
            await WriteAsync(context, status, message);
        }
    }

    private (int Status, string Message) Describe(Exception failure, HttpContext context)
    {
        if (StorageFault.Classify(failure) is { } kind)
        {
            _health.Failed(kind, failure);
            return (StatusCodes.Status503ServiceUnavailable,
                $"Nothing was stored: {StorageFault.Describe(kind)}. Try again once it is fixed; /health shows the state.");
        }
        return failure switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (bad.StatusCode, "the request is larger than the upload limit; split the file or ask for the limit to be raised"),
            BadHttpRequestException bad => (bad.StatusCode, $"the request could not be read: {bad.Message}"),
            InvalidDataException => (StatusCodes.Status400BadRequest, $"the form could not be read: {failure.Message}"),
            _ => (StatusCodes.Status500InternalServerError,
                $"Something went wrong on the server (trace id {context.TraceIdentifier}); the service log has the detail."),
        };
    }

    /// <summary>Writes <paramref name="message"/> as <c>{"error": …}</c> for the API, else as a page.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/health"))
        {
            await context.Response.WriteAsJsonAsync(new { error = message });
            return;
        }
        await HtmlPage.WriteAsync(context, status, "Problem", $"<div class=\"card\"><h1>That did not work</h1><div class=\"error\" role=\"alert\">{HtmlPage.Encode(message)}</div><p><a href=\"/\">Back to the upload page</a></p></div>");
    }
}
