namespace Burden.Core.Tests.Storage;

/// <summary>The storage contract on a real SQLite file.</summary>
public sealed class SqliteBurdenStoreTests : BurdenStoreContractTests<SqliteStoreProvider>
{
}

/// <summary>Decisions are append-only in the database itself, not only by the store's choice of queries.</summary>
public sealed class ReviewDecisionsAppendOnlyTests
{
    [Fact]
    public async Task Update_StoredDecision_IsRefusedBySqlite()
    {
        using var dir = new Support.TempDirectory();
        var path = dir.File("d.db");
        var store = await Burden.Storage.BurdenStores.OpenAsync(path);
        await store.SaveReviewDecisionsAsync([new Core.Review.NewReviewDecision(Core.Review.ReviewSubject.Pair, "A", "B", null, Core.Review.ReviewVerdict.Confirmed, "x", "y", null, null, "Sam", DateTimeOffset.UnixEpoch, null)]);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE review_decisions SET decision = 'not_duplicate'";
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM review_decisions";

        Assert.Contains("append-only", Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => update.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        Assert.Contains("append-only", Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => delete.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        Assert.Single(await store.LoadReviewDecisionsAsync());
    }
}
