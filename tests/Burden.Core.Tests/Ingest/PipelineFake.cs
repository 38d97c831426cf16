using Burden.Core.Catalogue;
using Burden.Core.Ingest;
using Burden.Core.Storage;
using NSubstitute;

namespace Burden.Core.Tests.Ingest;

/// <summary>
/// An in-memory stand-in for the store's file operations (until the SQLite store is used): a file is kept only when
/// its rows enumerate to the end, as the real store's transaction does.
/// </summary>
internal sealed class PipelineFake
{
    public PipelineFake()
    {
        Store = Substitute.For<IBurdenStore>();
        Store.FindFileByHashAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())!
            .Returns(call => Task.FromResult<StoredFile?>(Files.FirstOrDefault(f => f.File.Sha256 == call.Arg<string>()).File));
        Store.SaveFileAsync(Arg.Any<NewFile>(), Arg.Any<IEnumerable<ParsedRow>>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                await Task.Yield();
                var file = call.Arg<NewFile>();
                var rows = call.Arg<IEnumerable<ParsedRow>>().ToList(); // throws part-way: nothing is kept
                var accepted = rows.Count(r => r.Accepted);
                var stored = new StoredFile(Files.Count + 1, file.Name, file.Sha256, file.Kind, file.OrgCode, rows.Count, accepted, rows.Count - accepted, file.IngestedAt);
                Files.Add((stored, file, rows));
                return stored;
            });
    }

    public IBurdenStore Store { get; }

    public List<(StoredFile File, NewFile Request, List<ParsedRow> Rows)> Files { get; } = [];
}
