using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Burden.Core.Storage;
using Burden.Core.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Burden.Worker.Tests.Hosting;

/// <summary>The single sign-on hook: an organisation's own authentication scheme opens what an API key opens.</summary>
[Collection(HostCollection.Name)]
public class SingleSignOnTests
{
    /// <summary>Stands in for OpenID Connect or Negotiate: signs in whoever sends X-Test-User.</summary>
    private sealed class TestUserHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers["X-Test-User"].ToString() is not { Length: > 0 } user)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var claims = new List<Claim> { new(ClaimTypes.Name, user) };
            if (Request.Headers["X-Test-Org"].ToString() is { Length: > 0 } org)
            {
                claims.Add(new Claim(Burden.Worker.Hosting.AccessScope.OrgClaim, org));
            }
            var identity = new ClaimsIdentity(claims, Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
        }
    }

    [Theory]
    [InlineData("/api/reports")]
    [InlineData("/hangfire")]
    [InlineData("/")]
    public async Task Request_SingleSignOnHook_SignedInUserAllowedOthersChallenged(string path)
    {
        using var dir = new TempDirectory();
        var store = Substitute.For<IBurdenStore>();
        store.ListUploadsAsync(default!, default).ReturnsForAnyArgs(Array.Empty<UploadRecord>());
        store.ListReportsAsync(default).ReturnsForAnyArgs(Array.Empty<ReportRecord>());
        var options = RunningHost.OptionsFor(dir) with
        {
            Db = null,
            ConfigureAuthentication = auth =>
            {
                auth.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme = "Test");
                auth.AddScheme<AuthenticationSchemeOptions, TestUserHandler>("Test", null);
            },
        };
        await using var host = await RunningHost.StartAsync(options, store);

        using var anonymous = await host.Client.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Test-User", "ana.analyst@nhs.example");
        using var signedIn = await host.Client.SendAsync(request);
        using var health = await host.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Request_SignedInUserWithAnOrganisationClaim_SeesOnlyThatOrganisation()
    {
        using var dir = new TempDirectory();
        var db = await Burden.Worker.Tests.Web.ResultsPageBrowserTests.DemoDatabaseAsync(dir);
        var options = RunningHost.OptionsFor(dir) with
        {
            Db = db,
            ConfigureAuthentication = auth =>
            {
                auth.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme = "Test");
                auth.AddScheme<AuthenticationSchemeOptions, TestUserHandler>("Test", null);
            },
        };
        await using var host = await RunningHost.StartAsync(options);

        async Task<HttpStatusCode> GetAsync(string path, string? org)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Test-User", "ana.analyst@nhs.example");
            if (org is not null)
            {
                request.Headers.Add("X-Test-Org", org);
            }
            using var response = await host.Client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await GetAsync("/orgs/QMM?period=2022-11", "qmm"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/orgs/QUE?period=2022-11", "qmm"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync("/hangfire", "qmm"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/orgs/QUE?period=2022-11", null));
    }
}
