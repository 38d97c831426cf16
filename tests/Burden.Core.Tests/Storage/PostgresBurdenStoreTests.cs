namespace Burden.Core.Tests.Storage;

/// <summary>The storage contract on PostgreSQL, when BURDEN_TEST_POSTGRES names a server; skipped with that reason otherwise (failed under BURDEN_REQUIRE_TOOLS=1).</summary>
public sealed class PostgresBurdenStoreTests : BurdenStoreContractTests<PostgresStoreProvider>
{
}
