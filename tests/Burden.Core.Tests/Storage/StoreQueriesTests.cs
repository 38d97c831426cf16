using System.Reflection;
using Burden.Core.Storage;
using Burden.Storage;

namespace Burden.Core.Tests.Storage;

/// <summary>The query catalogue each provider builds: complete, parameterised, and specific to its engine.</summary>
public sealed class StoreQueriesTests
{
    public static TheoryData<string> Providers() => new("data/x.db", "Server=localhost;Database=burden", "Host=localhost;Database=burden");

    [Theory]
    [MemberData(nameof(Providers))]
    public void All_EveryStoreMethod_HasAtLeastOneQuery(string db)
    {
        var queries = StoreQueries.For(BurdenStores.CreateProvider(db)).All;
        var methods = typeof(IBurdenStore).GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).Distinct().ToList();

        Assert.True(methods.Count >= 18, $"IBurdenStore has only {methods.Count} methods?");
        Assert.All(methods, m => Assert.Contains(queries.Keys, k => k.StartsWith(m + ".", StringComparison.Ordinal)));
        Assert.All(queries.Keys, k => Assert.Contains(k[..k.IndexOf('.', StringComparison.Ordinal)], methods));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void All_QueriesTakeValuesOnlyAsParameters(string db)
    {
        var queries = StoreQueries.For(BurdenStores.CreateProvider(db)).All;

        // Literals appear only in schema DDL; a query that touches stored rows passes every value as @parameter.
        Assert.All(queries.Where(q => !q.Key.StartsWith("MigrateAsync.", StringComparison.Ordinal)),
            q => Assert.DoesNotContain("'", q.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void For_SameProviderTwice_BuildsTextOnce()
    {
        var first = StoreQueries.For(BurdenStores.CreateProvider("a.db"));
        var second = StoreQueries.For(BurdenStores.CreateProvider("b.db"));

        Assert.Same(first, second);
    }

    [Fact]
    public void For_Providers_DifferInPagingIdsAndTables()
    {
        var sqlite = StoreQueries.For(BurdenStores.CreateProvider("a.db"));
        var sqlServer = StoreQueries.For(BurdenStores.CreateProvider("Server=.;Database=burden"));

        Assert.Contains("LIMIT 1", sqlite.FindFileByHash, StringComparison.Ordinal);
        Assert.Contains("TOP (1)", sqlServer.FindFileByHash, StringComparison.Ordinal);
        Assert.Contains("RETURNING id", sqlite.InsertFile, StringComparison.Ordinal);
        Assert.Contains("OUTPUT INSERTED.id", sqlServer.InsertFile, StringComparison.Ordinal);
        Assert.Contains("burden.files", sqlServer.ListFiles, StringComparison.Ordinal);
        Assert.DoesNotContain("burden.", sqlite.ListFiles, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Postgres_UsesItsSchemaLimitReturningAndAdvisoryLock()
    {
        var postgres = StoreQueries.For(BurdenStores.CreateProvider("postgresql://localhost/burden"));

        Assert.Contains("LIMIT 1", postgres.FindFileByHash, StringComparison.Ordinal);
        Assert.Contains("RETURNING id", postgres.InsertFile, StringComparison.Ordinal);
        Assert.Contains("burden.files", postgres.ListFiles, StringComparison.Ordinal);
        Assert.Contains("pg_advisory_xact_lock", postgres.MigrationLock, StringComparison.Ordinal);
        Assert.Contains("ON CONFLICT (received_date, org_code, fingerprint) DO NOTHING", postgres.MoveStagedRequests, StringComparison.Ordinal);
    }

    [Fact]
    public void StagingTables_EveryEngine_HaveEveryRequestColumnInBulkOrder()
    {
        var sqlServer = StoreQueries.For(BurdenStores.CreateProvider("Server=.;Database=burden")).CreateRequestStaging!;
        var postgres = StoreQueries.For(BurdenStores.CreateProvider("Host=localhost;Database=burden")).CreateRequestStaging!;

        foreach (var staging in new[] { sqlServer, postgres })
        {
            var positions = StoreQueries.RequestColumns.Select(c => staging.IndexOf($" {c} ", StringComparison.Ordinal) is var i and >= 0 ? i : staging.IndexOf($"({c} ", StringComparison.Ordinal)).ToList();
            Assert.All(positions, p => Assert.True(p >= 0, staging));
            Assert.Equal(positions.Order(), positions);
        }
    }
}
