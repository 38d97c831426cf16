using System.Globalization;
using System.Text;

namespace Burden.Worker.Web;

/// <summary>
/// A horizontal bar chart drawn on the server as inline SVG: no script, no chart library, nothing fetched. Each bar has
/// its label and its value as text, and the chart a title and a description, so it reads without the picture.
/// </summary>
public static class SvgBarChart
{
    private const int Width = 720;
    private const int LabelWidth = 230;
    private const int ValueWidth = 90;
    private const int RowHeight = 26;
    private const int BarHeight = 18;
    private const int LabelChars = 32;

    /// <summary>One bar: its label, its length and the text written beside it.</summary>
    /// <param name="Label">What the bar stands for.</param>
    /// <param name="Value">Its length (negative values draw as none).</param>
    /// <param name="ValueText">The value as shown.</param>
    public sealed record Bar(string Label, double Value, string ValueText);

    /// <summary>The <c>&lt;svg&gt;</c> element; <paramref name="id"/> makes its title and description ids unique on the page.</summary>
    public static string Render(string id, string title, string description, IReadOnlyList<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var inv = CultureInfo.InvariantCulture;
        var height = Math.Max(1, bars.Count) * RowHeight + 8;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var barSpace = Width - LabelWidth - ValueWidth;
        var svg = new StringBuilder();
        svg.Append("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100%\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height)
            .Append("\" aria-labelledby=\"").Append(id).Append("-title ").Append(id).Append("-desc\" data-testid=\"").Append(id).Append("\">");
        svg.Append("<title id=\"").Append(id).Append("-title\">").Append(HtmlPage.Encode(title)).Append("</title>");
        svg.Append("<desc id=\"").Append(id).Append("-desc\">").Append(HtmlPage.Encode(description)).Append(' ')
            .Append(HtmlPage.Encode(string.Join("; ", bars.Select(b => $"{b.Label}: {b.ValueText}")))).Append("</desc>");
        if (bars.Count == 0)
        {
            svg.Append("<text x=\"0\" y=\"18\" class=\"label\">Nothing to show</text>");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * RowHeight + 4;
            var length = max <= 0 || bar.Value <= 0 ? 0 : Math.Max(1, bar.Value / max * barSpace);
            var label = bar.Label.Length > LabelChars ? bar.Label[..(LabelChars - 1)] + "…" : bar.Label;
            svg.Append("<g class=\"bar\"><title>").Append(HtmlPage.Encode($"{bar.Label}: {bar.ValueText}")).Append("</title>");
            svg.Append("<text x=\"").Append(LabelWidth - 8).Append("\" y=\"").Append((y + BarHeight - 4).ToString(inv)).Append("\" text-anchor=\"end\" class=\"label\">").Append(HtmlPage.Encode(label)).Append("</text>");
            svg.Append("<rect x=\"").Append(LabelWidth).Append("\" y=\"").Append(y).Append("\" width=\"").Append(length.ToString("0.#", inv)).Append("\" height=\"").Append(BarHeight).Append("\"></rect>");
            svg.Append("<text x=\"").Append((LabelWidth + length + 6).ToString("0.#", inv)).Append("\" y=\"").Append((y + BarHeight - 4).ToString(inv)).Append("\" class=\"value\">").Append(HtmlPage.Encode(bar.ValueText)).Append("</text></g>");
        }
        svg.Append("</svg></figure>");
        return svg.ToString();
    }
}
