using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Burden.Core.Common;

namespace Burden.Core.Catalogue;

/// <summary>An organisation's ODS code (<c>QMM</c>, <c>RXH</c>, <c>A81001</c>), trimmed and upper-cased once where it enters.</summary>
/// <remarks>
/// Two spellings of one code are one organisation: <c>qmm</c>, <c> QMM </c> and <c>QMM</c> are the same value, compared
/// ordinally after normalising, so every lookup (store, analysis, report, jobs, inbox folders, API) agrees whatever the
/// engine's collation. A code is 3 to 10 ASCII letters or digits: ODS codes for ICBs and trusts have 3, sites 5, GP
/// practices 6. This type is the one place that rule is written.
/// <para>
/// Like <c>XName</c> in LINQ to XML, a string converts to it implicitly and an invalid one throws
/// <see cref="BurdenException"/>; code that meets user input calls <see cref="TryParse(string?, out OrgCode?, out string?)"/>
/// and writes its own wording from the reason.
/// </para>
/// </remarks>
[JsonConverter(typeof(OrgCodeJsonConverter))]
public sealed class OrgCode : IEquatable<OrgCode>, IComparable<OrgCode>
{
    /// <summary>Fewest characters in a code.</summary>
    public const int MinLength = 3;

    /// <summary>Most characters in a code.</summary>
    public const int MaxLength = 10;

    /// <summary>What a code must look like, for messages.</summary>
    public const string Expected = "an ODS code of 3 to 10 letters and digits, such as QMM, RXH or A81001";

    private OrgCode(string value) => Value = value;

    /// <summary>The code, upper case (<c>QMM</c>).</summary>
    public string Value { get; }

    /// <summary>Reads a code typed by a person or found in a file: trimmed, upper-cased and checked.</summary>
    /// <param name="text">The text as given.</param>
    /// <param name="code">The code, or null when <paramref name="text"/> is not one.</param>
    /// <param name="reason">Why it is not a code (<c>'Q-M' is not an organisation code (expected …)</c>), or null.</param>
    /// <returns>True when <paramref name="text"/> is a code.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out OrgCode? code, [NotNullWhen(false)] out string? reason)
    {
        code = null;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            reason = $"blank is not an organisation code (expected {Expected})";
            return false;
        }
        if (trimmed.Length is < MinLength or > MaxLength || !IsLettersAndDigits(trimmed))
        {
            // A hostile cell can be long: quote at most 100 characters of it.
            var shown = trimmed.Length > 100 ? $"{trimmed[..100]}… ({trimmed.Length - 100} more characters)" : trimmed.ToString();
            reason = $"'{shown}' is not an organisation code (expected {Expected})";
            return false;
        }
        reason = null;
        code = new OrgCode(Upper(text!, trimmed));
        return true;
    }

    /// <summary>Reads a code, as <see cref="TryParse(string?, out OrgCode?, out string?)"/>, without the reason.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out OrgCode? code) => TryParse(text, out code, out _);

    /// <summary>Reads a code that must be one.</summary>
    /// <exception cref="BurdenException"><paramref name="text"/> is not a code; the message says what was expected.</exception>
    public static OrgCode Parse(string text) => TryParse(text, out var code, out var reason) ? code : throw new BurdenException(reason);

    /// <summary>Reads an optional code: null or blank is none.</summary>
    /// <exception cref="BurdenException">The text is not blank and not a code.</exception>
    public static OrgCode? ParseOptional(string? text) => string.IsNullOrWhiteSpace(text) ? null : Parse(text);

    /// <summary>A code as a store holds it, upper-cased but not checked again, so a code stored under an older rule still loads.</summary>
    /// <remarks>Writers store <see cref="Value"/>; schema version 3 upper-cased codes stored before.</remarks>
    public static OrgCode FromStored(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var trimmed = stored.AsSpan().Trim();
        return new OrgCode(Upper(stored, trimmed));
    }

    /// <summary>Converts text to a code; null stays null.</summary>
    /// <exception cref="BurdenException">The text is not a code.</exception>
    [return: NotNullIfNotNull(nameof(text))]
    public static implicit operator OrgCode?(string? text) => text is null ? null : Parse(text);

    /// <summary>True when both are the same code (or both null).</summary>
    public static bool operator ==(OrgCode? left, OrgCode? right) => left is null ? right is null : left.Equals(right);

    /// <summary>True when they are different codes.</summary>
    public static bool operator !=(OrgCode? left, OrgCode? right) => !(left == right);

    /// <inheritdoc />
    public bool Equals(OrgCode? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OrgCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Orders codes ordinally (<c>QMM</c> before <c>RXH</c>); null first.</summary>
    public int CompareTo(OrgCode? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    /// <summary>The code (<c>QMM</c>).</summary>
    public override string ToString() => Value;

    private static bool IsLettersAndDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    // Reuses the given string when it is already trimmed upper case: a log's million rows typed QMM allocate nothing.
    private static string Upper(string original, ReadOnlySpan<char> trimmed)
    {
        var upper = true;
        foreach (var c in trimmed)
        {
            if (c is >= 'a' and <= 'z' || (c > 127 && char.ToUpperInvariant(c) != c))
            {
                upper = false;
                break;
            }
        }
        if (upper && trimmed.Length == original.Length)
        {
            return original;
        }
        return upper ? trimmed.ToString() : string.Create(trimmed.Length, trimmed.ToString(), static (span, s) => s.AsSpan().ToUpperInvariant(span));
    }
}

/// <summary>Writes an <see cref="OrgCode"/> as its JSON string (<c>"QMM"</c>) and reads one back.</summary>
public sealed class OrgCodeJsonConverter : JsonConverter<OrgCode>
{
    /// <inheritdoc />
    public override OrgCode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        OrgCode.TryParse(reader.GetString(), out var code, out var reason) ? code : throw new JsonException(reason);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, OrgCode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Value);
    }
}
