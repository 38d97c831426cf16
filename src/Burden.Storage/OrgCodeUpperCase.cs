using System.Data;
using System.Data.Common;
using Dapper;

namespace Burden.Storage;

/// <summary>
/// The C# step after schema script 0003: upper-cases organisation codes in the tables that later scripts create
/// (<c>jobs</c> from version 5, <c>request_copies</c> from version 7), where a database had those versions before this one.
/// </summary>
/// <remarks>
/// Script 0003 upper-cases the tables every version-2 database has. A database created afresh applies 0003 before the later
/// scripts, so their tables do not exist yet and start empty; one upgraded from a main that had them applies 0003 last,
/// and their codes must follow. <c>request_copies</c> matters most: a copy is found by its request's key
/// (received_date, org_code, fingerprint), so a copy typed <c>qmm</c> would no longer meet its request, now <c>QMM</c>,
/// when that request's file is removed. Fingerprints are unchanged (they case-fold the code already). Codes in
/// <c>review_decisions</c> were upper-cased by every writer (and the table is append-only); monthly job parts are read
/// back through <see cref="Core.Catalogue.OrgCode.FromStored"/>.
/// </remarks>
internal sealed class OrgCodeUpperCase(StoreQueries queries)
{
    /// <summary>The schema version that upper-cases organisation codes.</summary>
    public const int Version = 3;

    /// <summary>The version whose script creates <c>jobs</c>.</summary>
    private const int JobsVersion = 5;

    /// <summary>The version whose script creates <c>request_copies</c>.</summary>
    private const int CopiesVersion = 7;

    /// <summary>Runs inside the migration's <paramref name="transaction"/>; <paramref name="appliedBefore"/> are the versions the database had when the migration began.</summary>
    public async Task RunAsync(DbConnection connection, DbTransaction transaction, IReadOnlySet<long> appliedBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appliedBefore);
        if (appliedBefore.Contains(JobsVersion))
        {
            await connection.ExecuteAsync(new CommandDefinition(queries.UpperCaseJobOrgCodes, null, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        if (appliedBefore.Contains(CopiesVersion))
        {
            await connection.ExecuteAsync(new CommandDefinition(queries.UpperCaseCopyOrgCodes, null, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
