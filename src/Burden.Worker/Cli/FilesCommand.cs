using System.CommandLine;
using System.Globalization;
using Burden.Core.Ingest;
using Burden.Core.Storage;

namespace Burden.Worker.Cli;

/// <summary><c>burden files list</c> and <c>burden files remove ID|NAME</c>: the stored files, and taking one away.</summary>
internal static class FilesCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("files", "List stored files, or remove one with every request, reject and count it brought");
        command.Subcommands.Add(BuildList(context));
        command.Subcommands.Add(BuildRemove(context));
        return command;
    }

    private static Command BuildList(CliContext context)
    {
        var command = new Command("list", "Stored files, oldest first: id, name, kind, organisation, rows accepted and rejected, when");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await context.OpenExistingStoreAsync(parse, cancellationToken);
            var files = await store.ListFilesAsync(cancellationToken);
            if (files.Count == 0)
            {
                await context.Out.WriteLineAsync("No files stored.");
                return ExitCodes.Ok;
            }
            await context.Out.WriteLineAsync($"{"id",6}  {"kind",-11} {"org",-6} {"accepted",9} {"rejected",9} {"kept once",9}  {"stored (UTC)",-16}  name");
            foreach (var f in files)
            {
                var superseded = f.SupersededBy is { } later ? $"  (rejects superseded by file {later})" : "";
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{f.Id,6}  {KindWord(f.Kind),-11} {f.OrgCode?.Value ?? "-",-6} {f.Accepted,9} {f.Rejected,9} {f.AlreadyStored,9}  {f.IngestedAt.UtcDateTime:yyyy-MM-dd HH:mm}  {f.Name}{superseded}"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command BuildRemove(CliContext context)
    {
        var which = new Argument<string>("ID|NAME") { Description = "The file's id (see 'burden files list') or its name, when only one stored file has it" };
        var command = new Command("remove", "Remove a stored file with every request, reject and count it brought, in one transaction; a request another stored file also holds is kept") { which };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await context.OpenExistingStoreAsync(parse, cancellationToken);
            var given = parse.GetValue(which)!.Trim();
            var files = await store.ListFilesAsync(cancellationToken);
            var matches = long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? files.Where(f => f.Id == id).ToList()
                : files.Where(f => string.Equals(f.Name, Path.GetFileName(given), StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                await context.Err.WriteLineAsync($"burden: no stored file {given} (see 'burden files list')");
                return ExitCodes.Usage;
            }
            if (matches.Count > 1)
            {
                await context.Err.WriteLineAsync($"burden: {matches.Count} stored files are named {given}: ids {string.Join(", ", matches.Select(m => m.Id))}; give the id");
                return ExitCodes.Usage;
            }
            var removal = await store.RemoveFileAsync(matches[0].Id, cancellationToken);
            await context.Out.WriteLineAsync(Describe(removal));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line saying what a removal took away.</summary>
    internal static string Describe(FileRemoval r)
    {
        var kept = r.RequestsKept > 0 ? $"; {r.RequestsKept} requests kept, since another stored file also holds them" : "";
        var rows = r.File.Kind == LogKind.Catalogue ? $"{r.CatalogueRowsRemoved} catalogue rows" : $"{r.RequestsRemoved} requests";
        return string.Create(CultureInfo.InvariantCulture,
            $"removed file {r.File.Id} ({r.File.Name}): {rows} and {r.RejectsRemoved} reject reasons{kept}; reports already written and baselines are unchanged");
    }

    /// <summary>Plain words for a kind of file.</summary>
    internal static string KindWord(LogKind kind) => kind == LogKind.Catalogue ? "catalogue" : "request log";
}
