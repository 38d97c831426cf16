using ClosedXML.Excel;
using Burden.Core.Catalogue;
using Burden.Core.Common;
using Burden.Core.Review;
using Burden.Core.Storage;

namespace Burden.Core.Reports;

/// <summary>A decision typed into a report workbook.</summary>
/// <param name="Sheet">Sheet.</param>
/// <param name="Row">Row number (1-based, as the spreadsheet shows it).</param>
/// <param name="Ref">The subject and the item sets shown beside it.</param>
/// <param name="Decision">The verdict.</param>
/// <param name="Note">The note, or null.</param>
public sealed record WorkbookDecision(string Sheet, int Row, ParsedReviewRef Ref, ReviewVerdict Decision, string? Note);

/// <summary>A cell the import could not read.</summary>
/// <param name="Sheet">Sheet.</param>
/// <param name="Row">Row number.</param>
/// <param name="Column">Column header.</param>
/// <param name="Value">What was there.</param>
/// <param name="Expected">What was expected.</param>
public sealed record WorkbookIssue(string Sheet, int Row, string Column, string Value, string Expected);

/// <summary>What a reviewed workbook holds: its scope (from the Summary) and the decisions typed into it.</summary>
/// <param name="Period">The Summary's period, or null for all periods.</param>
/// <param name="OrgCode">The Summary's organisation, or null for all.</param>
/// <param name="Decisions">Rows with a decision.</param>
/// <param name="Issues">Rows whose decision is not one of the allowed values, or whose Review ref was damaged.</param>
public sealed record ReviewedWorkbook(string? Period, OrgCode? OrgCode, IReadOnlyList<WorkbookDecision> Decisions, IReadOnlyList<WorkbookIssue> Issues);

/// <summary>Reads decisions back from the Duplicates and Collections sheets of a report workbook (as saved by Excel or LibreOffice).</summary>
/// <remarks>
/// Columns are found by their headers (<c>Decision</c>, <c>Note</c>, <c>Review ref</c>) on the header row of each sheet's
/// first table, so a reviewer may hide, move or filter columns. A blank Decision is no decision.
/// </remarks>
public static class ReviewWorkbookReader
{
    private static readonly (string Sheet, ReviewSubject Subject)[] Sheets = [("Duplicates", ReviewSubject.Pair), ("Collections", ReviewSubject.Recommendation)];

    /// <summary>Reads <paramref name="workbook"/> (left open); <paramref name="fileName"/> names it in messages.</summary>
    /// <exception cref="BurdenException">It is not a workbook, or not a report with Decision columns.</exception>
    public static ReviewedWorkbook Read(Stream workbook, string fileName)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        XLWorkbook book;
        try
        {
            book = new XLWorkbook(workbook, XLEventTracking.Disabled);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
        {
            throw new BurdenException($"{fileName}: not an Excel workbook that can be read ({ex.Message})", ex);
        }
        using (book)
        {
            var decisions = new List<WorkbookDecision>();
            var issues = new List<WorkbookIssue>();
            var found = 0;
            foreach (var (sheetName, subject) in Sheets)
            {
                if (!book.TryGetWorksheet(sheetName, out var ws))
                {
                    continue;
                }
                var header = FindHeader(ws);
                if (header is null)
                {
                    continue;
                }
                found++;
                var (headerRow, decisionCol, noteCol, refCol) = header.Value;
                var allowed = string.Join(" or ", ReviewKeys.Allowed(subject).Select(v => v.Label()));
                var last = ws.LastRowUsed()?.RowNumber() ?? headerRow;
                for (var r = headerRow + 1; r <= last; r++)
                {
                    var refText = ws.Cell(r, refCol).GetString().Trim();
                    var decisionText = ws.Cell(r, decisionCol).GetString().Trim();
                    if (refText.Length == 0)
                    {
                        // The end of the table (a section below it starts after a blank row).
                        if (ws.Row(r).IsEmpty()) { break; }
                        if (decisionText.Length > 0)
                        {
                            issues.Add(new WorkbookIssue(sheetName, r, ReviewRef.Header, "", "the Review ref the report wrote beside the decision"));
                        }
                        continue;
                    }
                    if (decisionText.Length == 0)
                    {
                        continue;
                    }
                    var parsedRef = ReviewRef.Parse(refText);
                    if (parsedRef is null || parsedRef.Subject != subject)
                    {
                        issues.Add(new WorkbookIssue(sheetName, r, ReviewRef.Header, refText, "the Review ref the report wrote, unchanged"));
                        continue;
                    }
                    if (ReviewKeys.Parse(subject, decisionText) is not { } verdict)
                    {
                        issues.Add(new WorkbookIssue(sheetName, r, "Decision", decisionText, allowed));
                        continue;
                    }
                    var note = noteCol is { } nc ? ws.Cell(r, nc).GetString().Trim() : "";
                    decisions.Add(new WorkbookDecision(sheetName, r, parsedRef, verdict, note.Length == 0 ? null : note));
                }
            }
            if (found == 0)
            {
                throw new BurdenException($"{fileName}: no Duplicates or Collections sheet with Decision and {ReviewRef.Header} columns (expected a report workbook written by 'burden report')");
            }
            var (period, org) = Scope(book);
            return new ReviewedWorkbook(period, org, decisions, issues);
        }
    }

    private static (int Row, int Decision, int? Note, int Ref)? FindHeader(IXLWorksheet ws)
    {
        var last = Math.Min(ws.LastRowUsed()?.RowNumber() ?? 0, 50);
        for (var r = 1; r <= last; r++)
        {
            int? decision = null, note = null, reference = null;
            foreach (var cell in ws.Row(r).CellsUsed())
            {
                switch (cell.GetString().Trim())
                {
                    case "Decision": decision ??= cell.Address.ColumnNumber; break;
                    case "Note": note ??= cell.Address.ColumnNumber; break;
                    case ReviewRef.Header: reference ??= cell.Address.ColumnNumber; break;
                }
            }
            if (decision is { } d && reference is { } rf)
            {
                return (r, d, note, rf);
            }
        }
        return null;
    }

    private static (string? Period, OrgCode? Org) Scope(XLWorkbook book)
    {
        if (!book.TryGetWorksheet("Summary", out var summary))
        {
            return (null, null);
        }
        string? period = null;
        OrgCode? org = null;
        var last = Math.Min(summary.LastRowUsed()?.RowNumber() ?? 0, 20);
        for (var r = 1; r <= last; r++)
        {
            var label = summary.Cell(r, 1).GetString().Trim();
            var value = summary.Cell(r, 2).GetString().Trim();
            if (label == "Period")
            {
                period = ReportingPeriod.TryParse(value, out var p) ? p.Label : null;
            }
            else if (label == "Organisation(s)")
            {
                // A hand-edited cell that is no code is read as all organisations, as a blank one is.
                org = value.StartsWith("All organisations", StringComparison.Ordinal) || !OrgCode.TryParse(value, out var code) ? null : code;
            }
        }
        return (period, org);
    }
}

/// <summary>How an import went.</summary>
/// <param name="Recorded">Decisions stored.</param>
/// <param name="Unchanged">Decisions already recorded the same way (same verdict, note, reviewer and items), not stored twice.</param>
/// <param name="Pairs">Of <paramref name="Recorded"/>, on duplicate pairs.</param>
/// <param name="Recommendations">Of <paramref name="Recorded"/>, on recommendations.</param>
public sealed record ReviewImportOutcome(int Recorded, int Unchanged, int Pairs, int Recommendations);

/// <summary>A reviewed workbook with values that are not decisions: nothing of it was recorded.</summary>
public sealed class ReviewImportException : BurdenException
{
    /// <summary>Creates the exception listing every issue.</summary>
    public ReviewImportException(string fileName, IReadOnlyList<WorkbookIssue> issues)
        : base($"{fileName}: nothing recorded; {issues.Count} {(issues.Count == 1 ? "cell is" : "cells are")} not a decision:\n" +
               string.Join("\n", issues.Select(i => $"{fileName} sheet {i.Sheet} row {i.Row}, column {i.Column}: '{i.Value}' (expected {i.Expected})")))
    {
        Issues = issues;
    }

    /// <summary>Every cell that could not be read.</summary>
    public IReadOnlyList<WorkbookIssue> Issues { get; }
}

/// <summary>Imports the decisions typed into a report workbook.</summary>
public static class ReviewImport
{
    /// <summary>Reads the workbook and appends its decisions, all or none; a decision the same as the latest on its subject is not stored again.</summary>
    /// <exception cref="ReviewImportException">A Decision cell holds something other than the allowed values.</exception>
    public static async Task<ReviewImportOutcome> ImportAsync(IBurdenStore store, Stream workbook, string fileName, string by, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new BurdenException("say who made the decisions (--by NAME)");
        }
        var read = ReviewWorkbookReader.Read(workbook, fileName);
        if (read.Issues.Count > 0)
        {
            throw new ReviewImportException(fileName, read.Issues);
        }
        var decisions = read.Decisions.Select(d => new NewReviewDecision(d.Ref.Subject, d.Ref.CollectionA, d.Ref.CollectionB, d.Ref.Action, d.Decision,
            d.Ref.ItemsA, d.Ref.ItemsB, read.OrgCode, read.Period, by.Trim(), at, d.Note)).ToList();
        return await RecordAsync(store, decisions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends decisions, skipping any that repeat the latest on its subject exactly.</summary>
    public static async Task<ReviewImportOutcome> RecordAsync(IBurdenStore store, IReadOnlyList<NewReviewDecision> decisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(decisions);
        var latest = new Dictionary<string, NewReviewDecision>(StringComparer.Ordinal);
        foreach (var s in await store.LoadReviewDecisionsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            latest[Key(s.Decision)] = s.Decision;
        }
        var fresh = new List<NewReviewDecision>();
        foreach (var d in decisions)
        {
            var key = Key(d);
            if (latest.TryGetValue(key, out var was) && was.Decision == d.Decision && was.Note == d.Note && was.By == d.By && was.ItemsA == d.ItemsA && was.ItemsB == d.ItemsB && was.Action == d.Action)
            {
                continue;
            }
            latest[key] = d;
            fresh.Add(d);
        }
        await store.SaveReviewDecisionsAsync(fresh, cancellationToken).ConfigureAwait(false);
        return new ReviewImportOutcome(fresh.Count, decisions.Count - fresh.Count, fresh.Count(d => d.Subject == ReviewSubject.Pair), fresh.Count(d => d.Subject == ReviewSubject.Recommendation));
    }

    private static string Key(NewReviewDecision d) => d.Subject == ReviewSubject.Pair
        ? "pair\n" + string.Join('\n', new[] { d.CollectionA, d.CollectionB ?? "" }.Order(StringComparer.Ordinal))
        : "rec\n" + d.CollectionA;
}
