using System.Diagnostics.CodeAnalysis;
using Burden.Core.Catalogue;
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

    /// <summary>True when the caller may see <paramref name="orgCode"/> (see <see cref="Allows(string?)"/>).</summary>
    public bool Allows(OrgCode? orgCode) => Allows(orgCode?.Value);

    /// <summary>
    /// The organisation a request names, checked against this scope: a scoped caller's own when it names none. False,
    /// with the sentence each edge answers 403 with, when a scoped caller names another.
    /// </summary>
    public bool TryResolve(OrgCode? asked, out OrgCode? resolved, [NotNullWhen(false)] out string? refusal)
    {
        refusal = null;
        if (Org is null)
        {
            resolved = asked;
            return true;
        }
        if (asked is null || string.Equals(asked.Value, Org, StringComparison.OrdinalIgnoreCase))
        {
            resolved = OrgCode.FromStored(Org);
            return true;
        }
        resolved = null;
        refusal = $"this key is for {Org} only; it cannot see or change {asked.Value}'s uploads, reports or results";
        return false;
    }

    /// <summary>The scope <see cref="AccessGate"/> decided for this request; all organisations when the gate did not run (health, styles).</summary>
    public static AccessScope Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<AccessScope>() ?? All;
    }
}
