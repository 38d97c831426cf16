using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Burden.Worker.Web;

/// <summary>The kinds of storage failure a person can act on.</summary>
public enum StorageFaultKind
{
    /// <summary>No space left for the database or a file.</summary>
    DiskFull,
    /// <summary>The database or folder cannot be written.</summary>
    ReadOnly,
    /// <summary>Another writer held the database past the busy timeout.</summary>
    Locked,
    /// <summary>Any other database or file-system failure.</summary>
    Failed,
}

/// <summary>Recognises storage failures by their exception type and error code (never by message text).</summary>
public static class StorageFault
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    // errno values as .NET reports them in IOException.HResult on Linux and macOS, and the Windows disk-full codes.
    private const int ErrnoNoSpace = 28;
    private const int ErrnoReadOnlyFs = 30;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>The kind of storage failure <paramref name="failure"/> (or an inner exception) is, or null when it is not one.</summary>
    public static StorageFaultKind? Classify(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) switch
                    {
                        SqliteFull => StorageFaultKind.DiskFull,
                        SqliteReadOnly or SqliteCantOpen => StorageFaultKind.ReadOnly,
                        SqliteBusy or SqliteLocked => StorageFaultKind.Locked,
                        SqliteIoError => StorageFaultKind.Failed,
                        _ => StorageFaultKind.Failed,
                    };
                case DbException:
                    return StorageFaultKind.Failed;
                case IOException io when io.HResult is ErrnoNoSpace or WindowsDiskFull or WindowsHandleDiskFull || (io.HResult & 0xFFFF) == ErrnoNoSpace:
                    return StorageFaultKind.DiskFull;
                case IOException io when (io.HResult & 0xFFFF) == ErrnoReadOnlyFs:
                    return StorageFaultKind.ReadOnly;
                case UnauthorizedAccessException:
                    return StorageFaultKind.ReadOnly;
            }
        }
        return null;
    }

    /// <summary>What to tell a person about a failure of this kind.</summary>
    public static string Describe(StorageFaultKind kind) => kind switch
    {
        StorageFaultKind.DiskFull => "the disk holding the database or data folder is full",
        StorageFaultKind.ReadOnly => "the database or data folder cannot be written (read-only or no permission)",
        StorageFaultKind.Locked => "the database stayed locked by another writer past the busy timeout",
        _ => "the database or data folder failed",
    };
}

/// <summary>The most recent storage failure seen by a request or a job, for <c>/health</c> to report until a write succeeds.</summary>
public sealed class StorageHealth
{
    private readonly TimeProvider _time;
    private (StorageFaultKind Kind, string Detail, DateTimeOffset At)? _last;

    public StorageHealth(TimeProvider time) => _time = time;

    /// <summary>The last failure not followed by a successful write, or null.</summary>
    public (StorageFaultKind Kind, string Detail, DateTimeOffset At)? LastFailure => _last;

    public void Failed(StorageFaultKind kind, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        _last = (kind, $"{failure.GetType().Name}: {failure.Message}", _time.GetUtcNow());
    }

    /// <summary>A write went through: the earlier failure is over.</summary>
    public void Succeeded() => _last = null;
}
