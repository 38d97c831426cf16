using Npgsql;

namespace Burden.Core.Tests.Support;

/// <summary>
/// The PostgreSQL server named by <c>BURDEN_TEST_POSTGRES</c> (a connection string whose login may CREATE DATABASE; .ci/run
/// starts one). Absent: the test skips with the reason, and fails under BURDEN_REQUIRE_TOOLS=1.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "BURDEN_TEST_POSTGRES";

    /// <summary>The server's connection string, or skips (fails under BURDEN_REQUIRE_TOOLS=1).</summary>
    public static string ServerOrSkip()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            return server;
        }
        var reason = $"PostgreSQL tests skipped: set {Variable} to a connection string (a login allowed to CREATE DATABASE), as .ci/run does after starting a cluster";
        if (Tools.Required)
        {
            throw new Xunit.Sdk.XunitException($"BURDEN_REQUIRE_TOOLS=1 but {reason}");
        }
        Skip.If(true, reason);
        return null!;
    }

    /// <summary>Creates an empty database and returns its connection string (Npgsql keywords).</summary>
    public static async Task<(string Name, string ConnectionString)> CreateDatabaseAsync()
    {
        var server = ServerOrSkip();
        var name = $"burden_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return (name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            return;
        }
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
