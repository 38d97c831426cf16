using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Burden.Worker.Hosting;

/// <summary>
/// After Kestrel has bound its addresses, whatever configured them, checks each one: a non-loopback address without
/// authentication stops the server and fails start-up. The configuration is checked before binding too
/// (<see cref="BindingGuard.ConfiguredEndpoints"/>); this is the check that cannot be talked round, since it looks at
/// what is really listening (<see cref="IServerAddressesFeature"/>).
/// </summary>
public sealed class BoundAddressGuard : IHostedLifecycleService
{
    private readonly IServer _server;
    private readonly ServeOptions _options;
    private readonly ILogger<BoundAddressGuard> _log;

    public BoundAddressGuard(IServer server, ServeOptions options, ILogger<BoundAddressGuard> log)
    {
        _server = server;
        _options = options;
        _log = log;
    }

    /// <summary>The addresses the server listens on, as it reports them.</summary>
    public IReadOnlyList<string> BoundAddresses =>
        _server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var bound = BoundAddresses;
        try
        {
            BindingGuard.Check(_options, bound, " (the addresses actually bound)");
        }
        catch (Burden.Core.Common.BurdenException)
        {
            _log.LogCritical("Bound to {Addresses} without authentication; stopping", string.Join(", ", bound));
            await _server.StopAsync(cancellationToken);
            throw;
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
