using System.Text;
using Burden.Core.Catalogue;

namespace Burden.Core.Analysis;

/// <summary>Requests grouped into one collection.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Requests">Its requests, in received order.</param>
public sealed record RequestGroup(string Id, IReadOnlyList<RequestRecord> Requests);

/// <summary>Groups requests into collections.</summary>
/// <remarks>
/// By <c>collection_ref</c> when present (case and surrounding space ignored); otherwise by requester and title, both
/// normalised: case, punctuation and white space ignored, and noise words dropped (URGENT, request, return, reminder,
/// FW/FWD/RE, please, ASAP, action required). The id is the reference in upper case, or
/// <c>requester-slug:title-slug</c>. The same collection answered by several organisations is one group.
/// </remarks>
public static class CollectionGrouping
{
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal)
    {
        "urgent", "request", "requests", "return", "returns", "fw", "fwd", "re", "please", "reminder", "asap", "action", "required",
        "reply", "needed", "eod", "cob", "today", "reminders", "chaser", "chase", "final", "resend", "resent", "updated", "update",
    };

    /// <summary>Groups <paramref name="requests"/>; groups are ordered by id.</summary>
    public static IReadOnlyList<RequestGroup> Group(IEnumerable<RequestRecord> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var groups = new Dictionary<string, List<RequestRecord>>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            var id = IdOf(r);
            if (!groups.TryGetValue(id, out var list))
            {
                groups[id] = list = [];
            }
            list.Add(r);
        }
        return [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new RequestGroup(g.Key, g.Value.OrderBy(r => r.ReceivedDate).ThenBy(r => r.SourceLine).ToList()))];
    }

    /// <summary>The collection id a request belongs to.</summary>
    public static string IdOf(RequestRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrWhiteSpace(request.CollectionRef))
        {
            return request.CollectionRef.Trim().ToUpperInvariant();
        }
        var slug = Slug(request.Requester, false) + ":" + Slug(request.Title, true);
        return slug.Length > 96 ? slug[..96] : slug;
    }

    /// <summary>The title with case, punctuation, white space and noise words removed (<c>URGENT: FW: Bed position request</c> → <c>bed position</c>).</summary>
    public static string NormaliseTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return string.Join(' ', Words(title).Where(w => !Noise.Contains(w)));
    }

    private static string Slug(string text, bool dropNoise)
    {
        var words = Words(text).Where(w => !dropNoise || !Noise.Contains(w)).ToList();
        return words.Count == 0 ? "untitled" : string.Join('-', words);
    }

    private static IEnumerable<string> Words(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
