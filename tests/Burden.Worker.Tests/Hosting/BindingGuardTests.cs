using Burden.Core.Common;
using Burden.Core.Tests.Support;
using Burden.Worker.Hosting;

namespace Burden.Worker.Tests.Hosting;

public class BindingGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://127.0.0.1:0;http://[::1]:0", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://10.1.2.3:80", false)]
    [InlineData("http://burden.nhs.example:80", false)]
    [InlineData("http://127.0.0.1:5080;http://0.0.0.0:5081", false)]
    public void IsLoopbackOnly_Address_Classified(string urls, bool expected)
    {
        Assert.Equal(expected, BindingGuard.IsLoopbackOnly(urls));
    }

    [Fact]
    public async Task BuildAsync_NonLoopbackWithoutAuthentication_RefusesAndSaysHowToConfigure()
    {
        using var dir = new TempDirectory();
        var options = RunningHost.OptionsFor(dir) with { Urls = "http://0.0.0.0:5080" };

        var refusal = await Assert.ThrowsAsync<BurdenException>(() => BurdenHost.BuildAsync(options));

        Assert.Contains("0.0.0.0", refusal.Message);
        Assert.Contains(ServeOptions.ApiKeyVariable, refusal.Message);
        Assert.Contains("X-Api-Key", refusal.Message);
        Assert.Contains("single sign-on", refusal.Message);
        Assert.False(File.Exists(options.Db), "nothing is created when serving is refused");
    }

    [Fact]
    public void Check_NonLoopbackWithApiKey_Allowed()
    {
        BindingGuard.Check(new ServeOptions { Urls = "http://0.0.0.0:5080", ApiKey = "a-long-enough-secret-key" });
    }

    [Fact]
    public void Check_NonLoopbackWithSingleSignOnHook_Allowed()
    {
        BindingGuard.Check(new ServeOptions { Urls = "http://0.0.0.0:5080", ConfigureAuthentication = _ => { } });
    }
}
