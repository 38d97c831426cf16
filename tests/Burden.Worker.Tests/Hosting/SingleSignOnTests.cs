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
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], Scheme.Name);
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
}
