using Microsoft.AspNetCore.Http;

namespace Burden.Worker.Hosting;

/// <summary>
/// Which organisations a caller may see: all of them (the global API key, single sign-on without an organisation claim,
/// or a loopback caller when no authentication is configured) or one (an organisation-scoped key or claim).
/// </summary>
/// <param name="Org">The one organisation (upper-case ODS code), or null for all.</param>
public sealed record AccessScope(string? Org)
{
    /// <summary>Every organisation.</summary>
    public static AccessScope All { get; } = new((string?)null);

    /// <summary>The single sign-on claim that binds a signed-in user to one organisation (its value is an ODS code).</summary>
    public const string OrgClaim = "burden_org";

    /// <summary>True when the caller is bound to one organisation.</summary>
    public bool Scoped => Org is not null;

    /// <summary>True when the caller may see <paramref name="orgCode"/>; a scoped caller never sees data of no organisation or of another.</summary>
    public bool Allows(string? orgCode) => Org is null || string.Equals(Org, orgCode, StringComparison.OrdinalIgnoreCase);

    /// <summary>The organisation a request names, checked against this scope: a scoped caller's own when it names none; throws <see cref="OrgRefusedException"/> for another.</summary>
    public string? Resolve(string? orgCode)
    {
        if (Org is null)
        {
            return orgCode;
        }
        if (orgCode is null || string.Equals(orgCode, Org, StringComparison.OrdinalIgnoreCase))
        {
            return Org;
        }
        throw new OrgRefusedException(Org, orgCode);
    }

    /// <summary>True when the caller may see <paramref name="orgCode"/> (see <see cref="Allows(string?)"/>).</summary>
    public bool Allows(Burden.Core.Catalogue.OrgCode? orgCode) => Allows(orgCode?.Value);

    /// <summary>The organisation a request names, checked against this scope (see <see cref="Resolve(string?)"/>).</summary>
    public Burden.Core.Catalogue.OrgCode? Resolve(Burden.Core.Catalogue.OrgCode? orgCode) =>
        Resolve(orgCode?.Value) is { } resolved ? Burden.Core.Catalogue.OrgCode.FromStored(resolved) : null;

    /// <summary>The scope <see cref="AccessGate"/> decided for this request; all organisations when the gate did not run (health, styles).</summary>
    public static AccessScope Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<AccessScope>() ?? All;
    }
}

/// <summary>A caller bound to one organisation named another: answered 403.</summary>
public sealed class OrgRefusedException(string own, string asked)
    : Exception($"this key is for {own} only; it cannot see or change {asked}'s uploads, reports or results")
{
    /// <summary>The organisation the caller is bound to.</summary>
    public string Own { get; } = own;

    /// <summary>The organisation it asked for.</summary>
    public string Asked { get; } = asked;
}
