using System.Security.Cryptography;
using System.Text;
using Burden.Core.Baselines;
using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;

namespace Burden.Core.Tests.Storage;

/// <summary>Builders for rows and files the storage tests store.</summary>
public static class StoreTestData
{
    public static readonly DateTimeOffset Noon = new(2022, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public static NewFile File(string name, LogKind kind = LogKind.RequestLog, string? org = "QMM", string? content = null) =>
        new(name, Sha(content ?? name + Guid.NewGuid()), kind, org, Noon);

    public static string Sha(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static RequestRecord Request(string title, DateOnly received, string org = "QMM", string file = "log.csv", int line = 2) => new()
    {
        OrgCode = org,
        ReceivedDate = received,
        Requester = "NHS England",
        Title = title,
        Frequency = Frequency.Weekly,
        DataItems = ["Beds open", "Beds occupied"],
        SourceFile = file,
        SourceLine = line,
    };

    public static ParsedRow Accepted(RequestRecord request) => new() { Line = request.SourceLine, Request = request };

    public static ParsedRow Accepted(CatalogueEntry entry) => new() { Line = entry.SourceLine, Catalogue = entry };

    public static ParsedRow Rejected(string file, int line, params (string? Column, string? Value, string Message)[] issues) => new()
    {
        Line = line,
        Issues = issues.Select(i => new IngestIssue(file, line, i.Column, i.Value, i.Message)).ToList(),
    };

    public static CatalogueEntry Entry(string collectionRef, string title, string file, int line) => new()
    {
        CollectionRef = collectionRef,
        Title = title,
        Requester = "NHS England",
        Frequency = Frequency.Monthly,
        DataItems = ["Referrals received"],
        Respondents = 42,
        HoursPerSubmission = 1.5m,
        SourceFile = file,
        SourceLine = line,
    };

    /// <summary>Request rows for lines 2.. of <paramref name="file"/>, one per day from 2022-11-01.</summary>
    public static IEnumerable<ParsedRow> Requests(string file, int count, string title = "Request")
    {
        for (var i = 0; i < count; i++)
        {
            yield return Accepted(Request($"{title} {i}", new DateOnly(2022, 11, 1).AddDays(i % 30), file: file, line: i + 2));
        }
    }

    public static BaselineCollection BaselineCollection(string id, bool outputOnly) => new()
    {
        Id = id,
        Title = "=Weekly SitRep",
        Requester = "NHS England",
        Frequency = Frequency.Weekly,
        ItemKeys = ["beds occupied", "beds open"],
        Respondents = 7,
        SubmissionsPerYear = 52.1775,
        HoursPerYear = 1234.5678901234,
        CostGbpPerYear = 98765.4321,
        OutputOnly = outputOnly,
        Automatable = !outputOnly,
    };
}
