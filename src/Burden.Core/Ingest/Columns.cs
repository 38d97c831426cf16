using System.Collections.Frozen;

namespace Burden.Core.Ingest;

/// <summary>A column HewittBurden understands, in canonical form.</summary>
internal enum Column
{
    OrgCode,
    ReceivedDate,
    Requester,
    Title,
    Frequency,
    DataItems,
    CollectionRef,
    HoursSpent,
    StaffBand,
    Channel,
    DueDate,
    Purpose,
    ApprovalRef,
    Respondents,
    HoursPerSubmission,
    ApprovalExpiry,
    AutomatedSource,
    LastUsed,
    Consumer,
    Publication,
}

/// <summary>Canonical column names, the header aliases people use, and which columns each kind of file requires.</summary>
/// <remarks>
/// A header matches when it equals a canonical name or an alias after <see cref="Normalise"/>: case, spaces,
/// underscores, hyphens, punctuation and a BOM are ignored, so <c>Received Date</c>, <c>DATA ITEMS</c> and
/// <c>Org-Code</c> all match.
/// </remarks>
internal static class Columns
{
    public const int Count = (int)Column.Publication + 1;

    private static readonly string[] CanonicalNames =
    [
        "org_code", "received_date", "requester", "title", "frequency", "data_items", "collection_ref", "hours_spent",
        "staff_band", "channel", "due_date", "purpose", "approval_ref", "respondents", "hours_per_submission",
        "approval_expiry", "automated_source", "last_used", "consumer", "publication",
    ];

    /// <summary>Aliases by canonical column, written as people write them (normalised when the table is built).</summary>
    private static readonly (Column Column, string[] Aliases)[] AliasTable =
    [
        (Column.OrgCode, ["ODS code", "Org", "Organisation code", "Organization code", "Organisation", "Organization", "ODS", "Trust code", "ICB code", "Provider code"]),
        (Column.ReceivedDate, ["Date received", "Received", "Date", "Request date", "Date requested", "Date of request", "Received on"]),
        (Column.Requester, ["Requested by", "Requestor", "Requesting body", "Requesting organisation", "Requesting team", "From"]),
        (Column.Title, ["Request title", "Request", "Request name", "Subject", "Collection title", "Collection name", "Name", "Return"]),
        (Column.Frequency, ["Freq", "How often", "Recurrence", "Periodicity"]),
        (Column.DataItems, ["Items", "Data item", "Items requested", "Data fields", "Fields", "Measures", "Data requested"]),
        (Column.CollectionRef, ["Reference", "Ref", "Collection reference", "Collection id", "Return ref", "Return reference"]),
        (Column.HoursSpent, ["Hours", "Time spent", "Time spent hours", "Hours taken", "Effort hours", "Effort"]),
        (Column.StaffBand, ["Band", "AfC band", "Grade", "Staff grade"]),
        (Column.Channel, ["Received via", "Via", "Method", "Route"]),
        (Column.DueDate, ["Due", "Deadline", "Date due", "Due by"]),
        (Column.Purpose, ["Reason", "Rationale", "Purpose of request"]),
        (Column.ApprovalRef, ["Approval", "Approval reference", "DAPB ref", "DAPB reference", "DCB ref", "DCB reference", "DAPB", "DCB", "Licence", "ROCR licence"]),
        (Column.Respondents, ["Number of respondents", "Respondent count", "Number of organisations", "Orgs responding"]),
        (Column.HoursPerSubmission, ["Hours per return", "Hours per response", "Time per submission", "Hours each"]),
        (Column.ApprovalExpiry, ["Approval expires", "Expiry", "Expiry date", "Licence expiry"]),
        (Column.AutomatedSource, ["Automated from", "Automated", "Source dataset", "Automatable from"]),
        (Column.LastUsed, ["Last used date", "Last accessed", "Last read"]),
        (Column.Consumer, ["Used by", "Consumers", "Owner", "User"]),
        (Column.Publication, ["Published", "Published at", "Publication url", "Published in"]),
    ];

    private static readonly FrozenDictionary<string, Column> ByName = BuildByName();

    /// <summary>The columns a request log must have (org_code may instead be given for the whole file).</summary>
    public static IReadOnlyList<Column> RequiredForLog { get; } =
        [Column.OrgCode, Column.ReceivedDate, Column.Requester, Column.Title, Column.Frequency, Column.DataItems];

    /// <summary>The columns a catalogue must have.</summary>
    public static IReadOnlyList<Column> RequiredForCatalogue { get; } =
        [Column.CollectionRef, Column.Title, Column.Requester, Column.Frequency, Column.DataItems, Column.Respondents, Column.HoursPerSubmission];

    /// <summary>Columns only a catalogue has; seeing one in a header means the file is a catalogue.</summary>
    public static IReadOnlyList<Column> CatalogueMarkers { get; } = [Column.Respondents, Column.HoursPerSubmission];

    public static string Name(Column column) => CanonicalNames[(int)column];

    /// <summary>The header's canonical column, or null when it is unknown.</summary>
    public static Column? Recognise(string? header)
    {
        var key = Normalise(header);
        return key.Length > 0 && ByName.TryGetValue(key, out var column) ? column : null;
    }

    /// <summary>Lower-case letters and digits only: <c>"\uFEFFDate Received "</c> becomes <c>datereceived</c>.</summary>
    public static string Normalise(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return "";
        }
        return string.Create(CountKept(header), header, static (span, text) =>
        {
            var n = 0;
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    span[n++] = char.ToLowerInvariant(c);
                }
            }
        });

        static int CountKept(string text)
        {
            var n = 0;
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    n++;
                }
            }
            return n;
        }
    }

    private static FrozenDictionary<string, Column> BuildByName()
    {
        var map = new Dictionary<string, Column>(StringComparer.Ordinal);
        for (var i = 0; i < CanonicalNames.Length; i++)
        {
            map.Add(Normalise(CanonicalNames[i]), (Column)i);
        }
        foreach (var (column, aliases) in AliasTable)
        {
            foreach (var alias in aliases)
            {
                // TryAdd: a canonical name always beats an alias that normalises the same way.
                map.TryAdd(Normalise(alias), column);
            }
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
