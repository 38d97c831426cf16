namespace Burden.Core.Catalogue;

/// <summary>What a file holds.</summary>
public enum LogKind
{
    /// <summary>An organisation's request log: one row per request or return received.</summary>
    RequestLog,
    /// <summary>A national catalogue: one row per collection.</summary>
    Catalogue,
}
