namespace Burden.Core.Common;

/// <summary>One rule line of a reference file, with where it came from for error messages.</summary>
/// <param name="File">The file's name as given.</param>
/// <param name="Number">Line number, from 1.</param>
/// <param name="Text">The line, trimmed.</param>
public readonly record struct ReferenceLine(string File, int Number, string Text)
{
    /// <summary>Where the line is: <c>taxonomy.txt line 12</c>.</summary>
    public string Where => $"{File} line {Number}";
}

/// <summary>A plain-text reference file (taxonomy, synonyms, automated datasets): one rule a line.</summary>
/// <remarks>Blank lines and lines starting with <c>#</c> are not rules; a line <c># version: X</c> names the file's version.</remarks>
public sealed class ReferenceFile
{
    private const string VersionMarker = "# version:";

    private ReferenceFile(string name, string version, IReadOnlyList<ReferenceLine> lines)
    {
        Name = name;
        Version = version;
        Lines = lines;
    }

    /// <summary>The file's name as given.</summary>
    public string Name { get; }

    /// <summary>The version its <c># version:</c> line names, or the file's name when it has none.</summary>
    public string Version { get; }

    /// <summary>The rule lines, in order.</summary>
    public IReadOnlyList<ReferenceLine> Lines { get; }

    /// <summary>Splits <paramref name="text"/> into rule lines, keeping their numbers.</summary>
    public static ReferenceFile Read(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        var version = name;
        var lines = new List<ReferenceLine>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.StartsWith(VersionMarker, StringComparison.OrdinalIgnoreCase))
            {
                version = line[VersionMarker.Length..].Trim();
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                lines.Add(new ReferenceLine(name, number, line));
            }
        }
        return new ReferenceFile(name, version, lines);
    }
}
