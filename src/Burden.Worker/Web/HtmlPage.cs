using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Burden.Worker.Web;

/// <summary>The page frame (header, styles) and HTML encoding for the server-rendered pages.</summary>
public static class HtmlPage
{
    private const string Styles = """
        :root { --ink: #212b32; --muted: #4c6272; --blue: #005eb8; --dark-blue: #003087; --line: #d8dde0; --bg: #f0f4f5; --ok: #007f3b; --bad: #d5281b; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 "Segoe UI", Arial, "Liberation Sans", sans-serif; color: var(--ink); background: var(--bg); }
        header { background: var(--blue); color: #fff; padding: 14px 0; }
        header .wrap { display: flex; align-items: baseline; gap: 16px; }
        header strong { font-size: 1.25rem; }
        header nav { margin-left: auto; }
        header a { color: #fff; margin-left: 16px; }
        .wrap { max-width: 960px; margin: 0 auto; padding: 0 20px; }
        main.wrap { padding-top: 24px; padding-bottom: 48px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        h1 { font-size: 1.75rem; margin: 0 0 8px; }
        h2 { font-size: 1.25rem; margin: 0 0 12px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 20px 24px; margin-bottom: 20px; }
        label { display: block; font-weight: 600; margin: 12px 0 4px; }
        .hint { color: var(--muted); font-size: 0.9rem; margin: 0 0 6px; }
        input[type=text], input[type=password], select { font: inherit; padding: 8px 10px; border: 2px solid var(--ink); border-radius: 4px; width: 100%; max-width: 320px; }
        input[type=file] { font: inherit; }
        input:focus, select:focus, button:focus, a:focus { outline: 3px solid #ffeb3b; outline-offset: 1px; }
        button { font: inherit; font-weight: 600; margin-top: 16px; padding: 10px 18px; border: 0; border-radius: 4px; background: var(--ok); color: #fff; cursor: pointer; box-shadow: 0 3px 0 #00401e; }
        button.secondary { background: #fff; color: var(--blue); border: 2px solid var(--blue); box-shadow: none; margin-top: 0; }
        .counts { display: flex; gap: 16px; margin: 12px 0; }
        .count { flex: 0 0 160px; padding: 12px 16px; border-radius: 6px; background: var(--bg); border-left: 6px solid var(--muted); }
        .count b { display: block; font-size: 2rem; line-height: 1.1; }
        .count.accepted { border-left-color: var(--ok); }
        .count.rejected { border-left-color: var(--bad); }
        .status { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; font-size: 0.9rem; background: var(--line); }
        .status.done { background: #cce5d8; color: #00401e; }
        .status.refused, .status.failed { background: #f7d4d1; color: #6b140e; }
        .status.queued, .status.processing { background: #fff4c2; color: #594d00; }
        .status.skipped, .status.removed { background: #e8edee; color: #425563; }
        form.inline { display: inline; }
        form.inline button { margin-top: 0; padding: 4px 10px; }
        .error { border-left: 6px solid var(--bad); padding: 8px 14px; background: #fff; margin-bottom: 16px; }
        table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--bg); }
        td.num, th.num { text-align: right; white-space: nowrap; }
        code { background: var(--bg); padding: 0 4px; border-radius: 3px; }
        ul.reports { padding-left: 20px; margin: 0; }
        ul.evidence { margin: 4px 0 0; padding-left: 18px; color: var(--muted); font-size: 0.9rem; }
        form.decide { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; min-width: 220px; }
        form.decide select, form.decide input[type=text] { max-width: 200px; padding: 4px 6px; border-width: 1px; }
        form.decide button { margin-top: 0; padding: 4px 12px; }
        .decided { font-size: 0.9rem; }
        .decided.stale { color: var(--bad); }
        .done-note { border-left: 6px solid var(--ok); padding: 8px 14px; background: #fff; margin-bottom: 16px; }
        h3 { font-size: 1.05rem; margin: 16px 0 8px; }
        tbody th { background: none; }
        caption { text-align: left; font-weight: 600; padding: 12px 0 6px; }
        dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 0 0 8px; }
        dl.figures div { background: var(--bg); border-left: 6px solid var(--blue); border-radius: 6px; padding: 10px 14px; }
        dl.figures dt { color: var(--muted); font-size: 0.9rem; }
        dl.figures dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
        form.scope { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-end; }
        form.scope button { margin-top: 0; }
        form.scope .hint { margin: 4px 0 0; }
        ul.plain, ul.orgs { margin: 0; padding-left: 18px; }
        figure.chart { margin: 0 0 16px; }
        figure.chart svg { max-width: 720px; display: block; }
        figure.chart rect { fill: var(--blue); }
        figure.chart text { font-size: 13px; fill: var(--ink); }
        figure.chart text.value { fill: var(--muted); }
        p.downloads a { font-weight: 600; }
        """;

    /// <summary>Where the pages' styles are served (a file, so the Content-Security-Policy needs no inline style).</summary>
    public const string StylesPath = "/site.css";

    /// <summary>Serves the styles at <see cref="StylesPath"/>.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(StylesPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Styles, "text/css; charset=utf-8");
        });

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Render(string title, string body, bool refresh = false)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (refresh)
        {
            html.Append("<meta http-equiv=\"refresh\" content=\"1\">\n");
        }
        html.Append("<title>").Append(Encode(title)).Append(" – HewittBurden</title>\n<link rel=\"stylesheet\" href=\"").Append(StylesPath).Append("\">\n</head>\n<body>\n");
        html.Append("<header><div class=\"wrap\"><strong>HewittBurden</strong><span>Data collection burden</span>");
        html.Append("<nav aria-label=\"Main\"><a href=\"/\">Upload</a><a href=\"/uploads\">Uploads</a><a href=\"/orgs\">Results</a><a href=\"/review\">Review</a><a href=\"/hangfire\">Jobs</a></nav></div></header>\n");
        html.Append("<main class=\"wrap\">\n").Append(body).Append("\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static async Task WriteAsync(HttpContext context, int status, string title, string body, bool refresh = false)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(Render(title, body, refresh));
    }
}
