using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Core.Analysis;

/// <summary>A baseline was asked for whose organisation scope differs from the analysis's: comparing them would mean nothing.</summary>
public sealed class BaselineScopeException : BurdenException
{
    /// <summary>Creates the exception naming both scopes.</summary>
    public BaselineScopeException(string baselineName, OrgCode? baselineOrg, OrgCode? analysisOrg)
        : base($"baseline '{baselineName}' covers {BaselineScope.Describe(baselineOrg)}; this analysis covers {BaselineScope.Describe(analysisOrg)}: compare like with like (see 'burden baseline list')")
    {
        BaselineName = baselineName;
        BaselineOrg = baselineOrg;
        AnalysisOrg = analysisOrg;
    }

    /// <summary>The baseline.</summary>
    public string BaselineName { get; }

    /// <summary>The baseline's organisation, or null for all.</summary>
    public OrgCode? BaselineOrg { get; }

    /// <summary>The analysis's organisation, or null for all.</summary>
    public OrgCode? AnalysisOrg { get; }
}

/// <summary>The rule that a baseline is compared only with an analysis of the same organisation scope.</summary>
public static class BaselineScope
{
    /// <summary>True when the baseline covers the same organisation (or all organisations when <paramref name="orgCode"/> is null).</summary>
    public static bool Matches(BaselineSnapshot baseline, OrgCode? orgCode)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return baseline.OrgCode == orgCode;
    }

    /// <summary>Throws <see cref="BaselineScopeException"/> unless the scopes match.</summary>
    public static void EnsureMatches(BaselineSnapshot baseline, OrgCode? orgCode)
    {
        if (!Matches(baseline, orgCode))
        {
            throw new BaselineScopeException(baseline.Name, baseline.OrgCode, orgCode);
        }
    }

    /// <summary><c>QOC</c>, or <c>all organisations</c>.</summary>
    public static string Describe(OrgCode? orgCode) => orgCode?.Value ?? "all organisations";
}
