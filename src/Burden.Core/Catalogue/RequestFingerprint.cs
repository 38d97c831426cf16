using System.Globalization;
using System.Security.Cryptography;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Burden.Core.Catalogue;

/// <summary>Which request a log row is, as a fixed-length key: the same request in two uploads gets the same fingerprint.</summary>
/// <remarks>
/// The fingerprint is the first 16 bytes (128 bits; 32 lower-case hex characters when shown) of the SHA-256 of the fields that say which request it is:
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
/// <para>
/// 128 bits, not all 256: the unique index on the stored key is what bulk ingest pays for row-level idempotence, and
/// half the key measurably speeds it up, while two different requests among even a billion sharing a key stays far
/// below one chance in 10^20.
/// </para>
/// </remarks>
public static class RequestFingerprint
{
    /// <summary>Length of a fingerprint in bytes (as stored).</summary>
    public const int Bytes = 16;

    /// <summary>Length of a fingerprint shown as hex, in characters.</summary>
    public const int Length = 32;

    // Separators that cannot occur in normalised text: white space and control characters become one plain space.
    private const char FieldSeparator = '\u001F';
    private const char ItemSeparator = '\u001E';

    /// <summary>The fingerprint of the <paramref name="occurrence"/>-th row of one file naming <paramref name="request"/>, as 32 lower-case hex characters.</summary>
    public static string Of(RequestRecord request, int occurrence = 1) => Convert.ToHexStringLower(Compute(request, occurrence));

    /// <summary>The fingerprint of the <paramref name="occurrence"/>-th row of one file naming <paramref name="request"/>, as the 16 bytes stored.</summary>
    public static byte[] Compute(RequestRecord request, int occurrence = 1)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        var capacity = 64 + Size(request.OrgCode.Value) + Size(request.Requester) + Size(request.Title) + Size(request.CollectionRef);
        for (var i = 0; i < request.DataItems.Count; i++)
        {
            capacity += Size(request.DataItems[i]) + 1;
        }
        var chars = ArrayPool<char>.Shared.Rent(capacity);
        byte[]? utf8 = null;
        try
        {
            var n = 0;
            Append(chars, ref n, request.OrgCode.Value);
            chars[n++] = FieldSeparator;
            request.ReceivedDate.TryFormat(chars.AsSpan(n), out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            n += written;
            chars[n++] = FieldSeparator;
            Append(chars, ref n, request.Requester);
            chars[n++] = FieldSeparator;
            Append(chars, ref n, request.Title);
            chars[n++] = FieldSeparator;
            var token = request.Frequency.Token();
            token.CopyTo(chars.AsSpan(n));
            n += token.Length;
            chars[n++] = FieldSeparator;
            Append(chars, ref n, request.CollectionRef);
            chars[n++] = FieldSeparator;
            for (var i = 0; i < request.DataItems.Count; i++)
            {
                if (i > 0)
                {
                    chars[n++] = ItemSeparator;
                }
                Append(chars, ref n, request.DataItems[i]);
            }
            if (occurrence > 1)
            {
                // The first occurrence hashes exactly the identifying fields, so a request seen once keeps one fingerprint whatever else the file holds.
                chars[n++] = FieldSeparator;
                chars[n++] = '#';
                occurrence.TryFormat(chars.AsSpan(n), out written, provider: CultureInfo.InvariantCulture);
                n += written;
            }
            utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(n));
            var length = Encoding.UTF8.GetBytes(chars, 0, n, utf8, 0);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8.AsSpan(0, length), hash);
            return hash[..Bytes].ToArray();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            if (utf8 is not null)
            {
                ArrayPool<byte>.Shared.Return(utf8);
            }
        }
    }

    private static int Size(string? value) => value?.Length ?? 0;

    /// <summary>Appends <paramref name="value"/> trimmed, inner white space collapsed to one space, in invariant lower case.</summary>
    private static void Append(char[] chars, ref int n, string? value)
    {
        if (value is null)
        {
            return;
        }
        var pendingSpace = false;
        var any = false;
        foreach (var c in value)
        {
            if (c <= ' ' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = any;
                continue;
            }
            if (pendingSpace)
            {
                chars[n++] = ' ';
                pendingSpace = false;
            }
            chars[n++] = c < 128 ? (c is >= 'A' and <= 'Z' ? (char)(c + 32) : c) : char.ToLowerInvariant(c);
            any = true;
        }
    }

    /// <summary>Numbers the rows of one file that name the same request, giving each its fingerprint.</summary>
    /// <remarks>Keeps one 16-byte key per distinct request of the file.</remarks>
    public sealed class Sequence
    {
        private readonly Dictionary<UInt128, int> _seen = [];

        /// <summary>The fingerprint (16 bytes) of the next row naming <paramref name="request"/> in this file.</summary>
        public byte[] Next(RequestRecord request)
        {
            var first = Compute(request);
            var key = MemoryMarshal.Read<UInt128>(first);
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_seen, key, out _);
            count++;
            return count == 1 ? first : Compute(request, count);
        }
    }
}
