using System.Data;
using System.Data.Common;
using Burden.Core.Catalogue;
using Burden.Core.Storage;
using Dapper;

namespace Burden.Storage;

/// <summary>
/// The C# step after schema script 0002: gives requests stored before it their fingerprints, oldest row first, numbering
/// repeats within each file as <see cref="DapperBurdenStore.SaveFileAsync"/> does.
/// </summary>
/// <remarks>
/// A later row with a fingerprint already given is the same request stored again by a later file (before row-level
/// idempotence existed): it is removed and counted in its file's <c>already_stored</c>, so every request counts once and
/// the file's counts still add up.
/// </remarks>
internal sealed class FingerprintBackfill(StoreQueries queries)
{
    /// <summary>The schema version that adds request fingerprints.</summary>
    public const int Version = 2;

    /// <summary>Runs inside the migration's <paramref name="transaction"/>.</summary>
    public async Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        long after = 0;
        var sequences = new Dictionary<long, RequestFingerprint.Sequence>();
        while (true)
        {
            var page = new DynamicParameters();
            page.Add("after", after);
            var rows = (await connection.QueryAsync<FingerprintRow>(Command(queries.UnfingerprintedRequests, page, transaction, cancellationToken)).ConfigureAwait(false)).ToList();
            if (rows.Count == 0)
            {
                return;
            }
            foreach (var row in rows)
            {
                var p = new DynamicParameters();
                p.Add("id", row.Id);
                p.Add("file_id", row.FileId);
                // The unique key is (received_date, org_code, fingerprint): look a copy up by the whole key, in the stored form.
                p.Add("received_date", row.ReceivedDate);
                p.Add("org_code", row.OrgCode);
                if (!sequences.TryGetValue(row.FileId, out var sequence))
                {
                    sequences.Add(row.FileId, sequence = new RequestFingerprint.Sequence());
                }
                p.Add("fingerprint", sequence.Next(row.ToRecord()), DbType.Binary, size: RequestFingerprint.Bytes);
                if (await connection.ExecuteAsync(Command(queries.SetFingerprint, p, transaction, cancellationToken)).ConfigureAwait(false) == 0)
                {
                    await connection.ExecuteAsync(Command(queries.DropDuplicateRequest, p, transaction, cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(Command(queries.CountDuplicate, p, transaction, cancellationToken)).ConfigureAwait(false);
                }
            }
            after = rows[^1].Id;
        }
    }

    private static CommandDefinition Command(string sql, object? parameters, IDbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private sealed class FingerprintRow
    {
        public long Id { get; set; }
        public long FileId { get; set; }
        public string OrgCode { get; set; } = "";
        public object? ReceivedDate { get; set; }
        public string Requester { get; set; } = "";
        public string Title { get; set; } = "";
        public string Frequency { get; set; } = "";
        public string DataItems { get; set; } = "";
        public string? CollectionRef { get; set; }

        public RequestRecord ToRecord() => new()
        {
            OrgCode = Burden.Core.Catalogue.OrgCode.FromStored(OrgCode),
            ReceivedDate = StorageProvider.ReadDate(ReceivedDate) ?? throw new InvalidDataException($"Stored request {Id} has no received date"),
            Requester = Requester,
            Title = Title,
            Frequency = Frequencies.FromToken(Frequency),
            DataItems = StoredTokens.SplitItems(DataItems),
            CollectionRef = CollectionRef,
        };
    }
}
