namespace Burden.Core.Tests.Storage;

/// <summary>The storage contract on a real SQLite file.</summary>
public sealed class SqliteBurdenStoreTests : BurdenStoreContractTests<SqliteStoreProvider>
{
}
