using Burden.Core.Catalogue;

namespace Burden.Core.Tests.Analysis;

/// <summary>Builders for records used across the analysis tests.</summary>
internal static class Records
{
    public static RequestRecord Request(string title, Frequency frequency, string items, string? reference = null, string org = "QMM",
        string date = "2022-11-07", decimal? hours = 1m, string? band = "6", string requester = "NHS England", string? purpose = "Monitoring", string? approval = null) => new()
    {
        OrgCode = org,
        ReceivedDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        Requester = requester,
        Title = title,
        Frequency = frequency,
        DataItems = items.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        CollectionRef = reference,
        HoursSpent = hours,
        StaffBand = band,
        Purpose = purpose,
        ApprovalRef = approval,
    };

    public static CatalogueEntry Entry(string reference, string title, Frequency frequency, string items, int respondents = 10, decimal hours = 2m,
        string requester = "NHS England", string? purpose = "Statistics", string? approval = "DCB0001", string? expiry = null, string? lastUsed = null, string? automated = null) => new()
    {
        CollectionRef = reference,
        Title = title,
        Requester = requester,
        Frequency = frequency,
        DataItems = items.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Respondents = respondents,
        HoursPerSubmission = hours,
        Purpose = purpose,
        ApprovalRef = approval,
        ApprovalExpiry = expiry is null ? null : DateOnly.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture),
        LastUsed = lastUsed is null ? null : DateOnly.Parse(lastUsed, System.Globalization.CultureInfo.InvariantCulture),
        AutomatedSource = automated,
    };
}
