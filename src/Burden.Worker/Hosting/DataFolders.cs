namespace Burden.Worker.Hosting;

/// <summary>The folders under the data directory, created at start-up.</summary>
public sealed class DataFolders
{
    public DataFolders(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary><c>inbox/&lt;ORG&gt;/</c>: files dropped here are ingested for that organisation.</summary>
    public string Inbox => Path.Combine(Root, "inbox");

    /// <summary>Inbox files claimed and waiting for their ingest job, named <c>&lt;upload id&gt;-&lt;name&gt;</c>.</summary>
    public string Processing => Path.Combine(Root, "processing");

    public string Processed => Path.Combine(Root, "processed");

    public string Refused => Path.Combine(Root, "refused");

    public string Reports => Path.Combine(Root, "reports");

    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, Inbox, Processing, Processed, Refused, Reports })
        {
            Directory.CreateDirectory(dir);
        }
    }
}
