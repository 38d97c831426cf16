using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Burden.Core.Catalogue;

/// <summary>Which request a log row is, as a fixed-length key: the same request in two uploads gets the same fingerprint.</summary>
/// <remarks>
/// The fingerprint is the lower-case hex SHA-256 (64 characters) of the fields that say which request it is:
/// organisation code, received date (ISO <c>yyyy-MM-dd</c>), requester, title, frequency token, collection reference
/// (blank when absent) and the data items in the order given. Text is normalised first: trimmed, runs of white space
/// made one space, and case-folded (invariant lower case), so <c>" Bed  Occupancy"</c> and <c>"bed occupancy"</c> are
/// the same. Item order counts (a log lists a return's items in its own order; the same items reordered are kept as a
/// different request rather than silently merged). Hours spent, staff band, channel, due date, purpose and approval
/// reference are facts about the answer, not which request it is, so they are left out: a row that differs only there
/// is the same request, and the one stored first is kept.
/// <para>
/// A log may genuinely record the same request twice (the sample's two "Ambulance handover delays snapshot - Sunday"
/// rows of 14 November 2022, answered by different people with different hours). So the n-th row of one file with the
/// same identifying fields gets occurrence n, and occurrences after the first are part of the fingerprint: re-uploading
/// that log (or a longer one holding it) finds both already stored, while neither row is lost. Across files, a request
/// is stored as many times as the most any one file lists it.
/// </para>
/// </remarks>
public static class RequestFingerprint
{
    /// <summary>Length of a fingerprint in characters.</summary>
    public const int Length = 64;

    // Separators that cannot occur in normalised text: white space is collapsed to a plain space, and these are control characters.
    private const char FieldSeparator = '\u001F';
    private const char ItemSeparator = '\u001E';

    /// <summary>The fingerprint of the <paramref name="occurrence"/>-th row of one file naming <paramref name="request"/>: 64 lower-case hex characters.</summary>
    public static string Of(RequestRecord request, int occurrence = 1)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        var text = new StringBuilder(256);
        Append(text, request.OrgCode).Append(FieldSeparator);
        text.Append(request.ReceivedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(FieldSeparator);
        Append(text, request.Requester).Append(FieldSeparator);
        Append(text, request.Title).Append(FieldSeparator);
        text.Append(request.Frequency.Token()).Append(FieldSeparator);
        Append(text, request.CollectionRef).Append(FieldSeparator);
        for (var i = 0; i < request.DataItems.Count; i++)
        {
            if (i > 0)
            {
                text.Append(ItemSeparator);
            }
            Append(text, request.DataItems[i]);
        }
        if (occurrence > 1)
        {
            // The first occurrence hashes exactly the identifying fields, so a request seen once keeps one fingerprint whatever else the file holds.
            text.Append(FieldSeparator).Append('#').Append(occurrence.ToString(CultureInfo.InvariantCulture));
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static StringBuilder Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            return text;
        }
        var pendingSpace = false;
        var any = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = any;
                continue;
            }
            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }
            text.Append(char.ToLowerInvariant(c));
            any = true;
        }
        return text;
    }

    /// <summary>Numbers the rows of one file that name the same request, giving each its fingerprint.</summary>
    /// <remarks>Keeps 16 bytes per distinct request of the file (collisions at 128 bits are not a practical concern).</remarks>
    public sealed class Sequence
    {
        private readonly Dictionary<UInt128, int> _seen = [];

        /// <summary>The fingerprint of the next row naming <paramref name="request"/> in this file.</summary>
        public string Next(RequestRecord request)
        {
            var first = Of(request);
            var key = UInt128.Parse(first.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_seen, key, out _);
            count++;
            return count == 1 ? first : Of(request, count);
        }
    }
}
