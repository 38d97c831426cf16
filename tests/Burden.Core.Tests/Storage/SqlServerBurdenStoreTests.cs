namespace Burden.Core.Tests.Storage;

/// <summary>The storage contract on SQL Server, when BURDEN_TEST_SQLSERVER names one; each test reports itself skipped otherwise.</summary>
public sealed class SqlServerBurdenStoreTests : BurdenStoreContractTests<SqlServerStoreProvider>
{
}
