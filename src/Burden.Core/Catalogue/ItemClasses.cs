namespace Burden.Core.Catalogue;

/// <summary>Tokens for <see cref="ItemClass"/>: <c>input</c>, <c>process</c>, <c>output</c>, <c>outcome</c>.</summary>
public static class ItemClasses
{
    /// <summary>The lower-case token used in JSON, reports and the taxonomy file.</summary>
    public static string Token(this ItemClass itemClass) => itemClass switch
    {
        ItemClass.Input => "input",
        ItemClass.Process => "process",
        ItemClass.Output => "output",
        ItemClass.Outcome => "outcome",
        _ => throw new ArgumentOutOfRangeException(nameof(itemClass)),
    };

    /// <summary>Parses a token, ignoring case and surrounding space (<c>structure</c> reads as input).</summary>
    public static bool TryParse(string? text, out ItemClass itemClass)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "input" or "structure": itemClass = ItemClass.Input; return true;
            case "process": itemClass = ItemClass.Process; return true;
            case "output" or "activity": itemClass = ItemClass.Output; return true;
            case "outcome": itemClass = ItemClass.Outcome; return true;
            default: itemClass = default; return false;
        }
    }
}
