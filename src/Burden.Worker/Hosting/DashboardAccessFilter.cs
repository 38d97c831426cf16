using Hangfire.Dashboard;

namespace Burden.Worker.Hosting;

/// <summary>The dashboard's own check, the same rule as every other page (replaces Hangfire's local-requests-only filter).</summary>
public sealed class DashboardAccessFilter : IDashboardAuthorizationFilter
{
    private readonly AccessPolicy _policy;

    public DashboardAccessFilter(AccessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy;
    }

    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The dashboard shows every organisation's jobs: a key bound to one organisation does not open it.
        return _policy.Decide(context.GetHttpContext(), allowCookie: true, out var scope) == AccessDecision.Allow && !scope.Scoped;
    }
}
