using System.Text;
using Burden.Core.Catalogue;
using Burden.Core.Common;

namespace Burden.Core.Classification;

/// <summary>One measure name with the class a public source gives it.</summary>
/// <param name="Source">The source it comes from (the unit held out in leave-one-source-out validation).</param>
/// <param name="Reference">The source's own identifier for it.</param>
/// <param name="Name">The measure's name.</param>
/// <param name="Class">Its class.</param>
/// <param name="SourceLabel">The label or section the source itself gives.</param>
public sealed record LabelledMeasure(string Source, string Reference, string Name, ItemClass Class, string SourceLabel);

/// <summary>Reads the labelled measure set: CSV with header <c>source,reference,name,class,source_label</c>.</summary>
public static class LabelledMeasures
{
    /// <summary>The header the file must start with.</summary>
    public const string Header = "source,reference,name,class,source_label";

    /// <summary>Parses the CSV text (fields may be quoted, with <c>""</c> for a quote).</summary>
    /// <exception cref="BurdenException">A line has the wrong number of fields or an unknown class, naming file, line and column.</exception>
    public static IReadOnlyList<LabelledMeasure> Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<LabelledMeasure>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            throw new BurdenException($"{name} line 1: expected the header '{Header}'");
        }
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }
            var fields = Fields(lines[i], name, i + 1);
            if (fields.Count != 5)
            {
                throw new BurdenException($"{name} line {i + 1}: {fields.Count} fields (expected 5: {Header})");
            }
            if (!ItemClasses.TryParse(fields[3], out var itemClass))
            {
                throw new BurdenException($"{name} line {i + 1}, column class: '{fields[3]}' is not a class (expected input, process, output or outcome)");
            }
            if (fields[0].Length == 0 || fields[2].Length == 0)
            {
                throw new BurdenException($"{name} line {i + 1}: source and name must not be blank");
            }
            rows.Add(new LabelledMeasure(fields[0], fields[1], fields[2], itemClass, fields[4]));
        }
        return rows;
    }

    private static List<string> Fields(string line, string name, int number)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString().Trim());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        if (quoted)
        {
            throw new BurdenException($"{name} line {number}: a quoted field is not closed");
        }
        fields.Add(sb.ToString().Trim());
        return fields;
    }
}
