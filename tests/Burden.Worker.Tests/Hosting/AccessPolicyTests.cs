using Burden.Worker.Hosting;
using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Tests.Hosting;

public class AccessPolicyTests
{
    private static readonly AccessPolicy Policy = new(new ServeOptions
    {
        ApiKey = "global-key-0123456789abcdef",
        OrgApiKeys = new Dictionary<string, string> { ["QMM"] = "qmm-key-0123456789abcdef" },
    });

    private static DefaultHttpContext Request(string? key = null, string? cookie = null)
    {
        var context = new DefaultHttpContext();
        if (key is not null)
        {
            context.Request.Headers[AccessPolicy.HeaderName] = key;
        }
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{AccessPolicy.CookieName}={cookie}";
        }
        return context;
    }

    [Theory]
    [InlineData("global-key-0123456789abcdef", null)]
    [InlineData("qmm-key-0123456789abcdef", "QMM")]
    public void Decide_KeyInTheHeader_AllowedWithItsScope(string key, string? org)
    {
        Assert.Equal(AccessDecision.Allow, Policy.Decide(Request(key), allowCookie: false, out var scope));
        Assert.Equal(org, scope.Org);
    }

    [Fact]
    public void Decide_SessionCookieOfTheOrganisationKey_KeepsTheOrganisationScope()
    {
        var cookie = Policy.SessionTokenFor("qmm-key-0123456789abcdef")!;

        Assert.Equal(AccessDecision.Allow, Policy.Decide(Request(cookie: cookie), allowCookie: true, out var scope));
        Assert.Equal("QMM", scope.Org);
        Assert.NotEqual(Policy.SessionToken, cookie);
        Assert.DoesNotContain("qmm-key", cookie, StringComparison.Ordinal);
        // The API never takes the cookie.
        Assert.Equal(AccessDecision.Denied, Policy.Decide(Request(cookie: cookie), allowCookie: false, out _));
    }

    [Fact]
    public void Decide_UnknownKey_Denied()
    {
        Assert.Equal(AccessDecision.Denied, Policy.Decide(Request("que-key-0123456789abcdef"), allowCookie: true, out var scope));
        Assert.False(scope.Scoped);
    }

    [Fact]
    public void Decide_OnlyOrganisationKeys_LoopbackWithoutAKeyIsDenied()
    {
        var policy = new AccessPolicy(new ServeOptions { OrgApiKeys = new Dictionary<string, string> { ["QMM"] = "qmm-key-0123456789abcdef" } });

        Assert.True(policy.KeyRequired);
        Assert.Equal(AccessDecision.Denied, policy.Decide(Request(), allowCookie: true, out _));
    }
}
