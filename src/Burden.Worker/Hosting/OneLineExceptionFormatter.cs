using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Burden.Worker.Hosting;

/// <summary>
/// The console log of <c>burden serve</c> without <c>--verbose</c>: each entry's level, category and message, and an
/// exception as one line per cause (type and message), never a stack trace.
/// </summary>
public sealed class OneLineExceptionFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The name the console logger knows this formatter by.</summary>
    public const string FormatterName = "burden-one-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? "";
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.WriteLine(']');
        textWriter.Write("      ");
        textWriter.WriteLine(message.ReplaceLineEndings(" "));
        for (var cause = logEntry.Exception; cause is not null; cause = cause.InnerException)
        {
            textWriter.Write("      ");
            textWriter.Write(cause.GetType().Name);
            textWriter.Write(": ");
            textWriter.WriteLine(cause.Message.ReplaceLineEndings(" "));
        }
        if (logEntry.Exception is not null)
        {
            textWriter.WriteLine("      (run with --verbose for the stack trace)");
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
