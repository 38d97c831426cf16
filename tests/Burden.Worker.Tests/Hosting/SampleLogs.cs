namespace Burden.Worker.Tests.Hosting;

/// <summary>Small request logs for the host tests.</summary>
public static class SampleLogs
{
    /// <summary>Two good November 2022 rows and one with an impossible date (line 4).</summary>
    public const string NovemberWithOneBadDate =
        "received_date,requester,title,frequency,data_items,hours_spent\n" +
        "2022-11-03,NHS England,Urgent and emergency care daily sitrep,daily,beds open;beds occupied,1.5\n" +
        "04/11/2022,DHSC,Current bed position,ad hoc,beds occupied,2\n" +
        "31/02/2022,CQC,Staffing snapshot,monthly,staff vacancies,1\n";

    /// <summary>Another organisation's November rows, all good.</summary>
    public const string NovemberAllGood =
        "received_date,requester,title,frequency,data_items,hours_spent\n" +
        "2022-11-10,NHS England,Diagnostic waiting times (DM01),monthly,tests waiting;waits over 6 weeks,3\n" +
        "2022-11-21,UKHSA,Flu vaccination uptake,weekly,staff vaccinated against flu,0.5\n";

    /// <summary>No required columns at all: refused whole.</summary>
    public const string NotALog = "colour,size\nred,big\n";
}
