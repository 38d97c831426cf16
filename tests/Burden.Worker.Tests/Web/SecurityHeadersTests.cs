using System.Net;
using Burden.Core.Tests.Support;
using Burden.Worker.Tests.Hosting;

namespace Burden.Worker.Tests.Web;

/// <summary>Every response carries the browser protections: pages, API, 404s, downloads, errors, the dashboard.</summary>
[Collection(HostCollection.Name)]
public class SecurityHeadersTests
{
    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/uploads/12345")]
    [InlineData("GET", "/api/uploads/12345")]
    [InlineData("GET", "/api/reports/no-such.xlsx")]
    [InlineData("GET", "/reports/no-such.xlsx")]
    [InlineData("GET", "/no/such/page")]
    [InlineData("GET", "/site.css")]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/hangfire")]
    [InlineData("POST", "/api/reports?period=nonsense")]
    public async Task Response_AnyPath_CarriesSecurityHeaders(string method, string path)
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy"));
        var csp = Single(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("script-src 'unsafe-inline'", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
    }

    [Fact]
    public async Task UploadPage_Html_HasNoInlineScriptOrStyleAndLinksItsStyles()
    {
        using var dir = new TempDirectory();
        await using var host = await RunningHost.StartAsync(RunningHost.OptionsFor(dir));

        var html = await host.Client.GetStringAsync("/");
        using var css = await host.Client.GetAsync("/site.css");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/site.css\">", html);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains("--blue", await css.Content.ReadAsStringAsync());
    }

    private static string Single(HttpResponseMessage response, string name)
    {
        var values = response.Headers.TryGetValues(name, out var v) ? v : response.Content.Headers.TryGetValues(name, out var c) ? c : [];
        return Assert.Single(values);
    }
}
