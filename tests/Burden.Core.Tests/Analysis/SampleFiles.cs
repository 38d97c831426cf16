using System.Globalization;
using System.Text;
using Burden.Core.Catalogue;

namespace Burden.Core.Tests.Analysis;

/// <summary>Reads the committed sample CSVs into records for the pure analysis tests (a minimal RFC 4180 reader, test-only).</summary>
internal static class SampleFiles
{
    public static IReadOnlyList<RequestRecord> LoadLog(string fileName = "icb-request-log-2022-11.csv")
    {
        var rows = Read(Support.Repo.Path("samples", fileName));
        return [.. rows.Select((r, i) => new RequestRecord
        {
            OrgCode = r["org_code"],
            ReceivedDate = DateOnly.ParseExact(r["received_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Requester = r["requester"],
            Title = r["title"],
            Frequency = Frequencies.TryParse(r["frequency"], out var f) ? f : throw new FormatException(r["frequency"]),
            DataItems = Items(r["data_items"]),
            CollectionRef = Blank(r["collection_ref"]),
            HoursSpent = Blank(r["hours_spent"]) is { } h ? decimal.Parse(h, CultureInfo.InvariantCulture) : null,
            StaffBand = Blank(r["staff_band"]),
            Channel = Blank(r["channel"]),
            Purpose = Blank(r["purpose"]),
            ApprovalRef = Blank(r["approval_ref"]),
            SourceFile = fileName,
            SourceLine = i + 2,
        })];
    }

    public static IReadOnlyList<CatalogueEntry> LoadCatalogue(string fileName = "national-catalogue.csv")
    {
        var rows = Read(Support.Repo.Path("samples", fileName));
        return [.. rows.Select((r, i) => new CatalogueEntry
        {
            CollectionRef = r["collection_ref"],
            Title = r["title"],
            Requester = r["requester"],
            Frequency = Frequencies.TryParse(r["frequency"], out var f) ? f : throw new FormatException(r["frequency"]),
            DataItems = Items(r["data_items"]),
            Respondents = int.Parse(r["respondents"], CultureInfo.InvariantCulture),
            HoursPerSubmission = decimal.Parse(r["hours_per_submission"], CultureInfo.InvariantCulture),
            Purpose = Blank(r["purpose"]),
            Consumer = Blank(r["consumer"]),
            Publication = Blank(r["publication"]),
            ApprovalRef = Blank(r["approval_ref"]),
            ApprovalExpiry = Blank(r["approval_expiry"]) is { } e ? DateOnly.ParseExact(e, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            AutomatedSource = Blank(r["automated_source"]),
            LastUsed = Blank(r["last_used"]) is { } u ? DateOnly.ParseExact(u, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            SourceFile = fileName,
            SourceLine = i + 2,
        })];
    }

    private static string[] Items(string text) => text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static List<Dictionary<string, string>> Read(string path)
    {
        var records = new List<List<string>>();
        var text = File.ReadAllText(path);
        var field = new StringBuilder();
        var record = new List<string>();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else { field.Append(c); }
        }
        if (field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record); }
        var header = records[0];
        return [.. records.Skip(1).Where(r => r.Count == header.Count).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second))];
    }
}
