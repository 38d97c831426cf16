using Burden.Core.Catalogue;

namespace Burden.Core.Ingest;

/// <summary>A file format's reader, positioned after the header row it found.</summary>
internal abstract class TableReader : IDisposable
{
    public abstract HeaderMap Header { get; }

    /// <summary>True for an XLSX workbook using the 1904 date system.</summary>
    public virtual bool Date1904 => false;

    /// <summary>The data rows after the header, lazily; blank rows are skipped. Enumerate once.</summary>
    public abstract IEnumerable<ParsedRow> ReadRows(RowBuilder builder, CancellationToken cancellationToken);

    public abstract void Dispose();
}
