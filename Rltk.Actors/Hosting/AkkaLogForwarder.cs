using Akka.Actor;
using Akka.Event;
using Akka.Hosting.Logging;
using Rltk.Actors.Failures;

namespace Rltk.Actors.Hosting;

/// <summary>
/// Akka's log events, through Microsoft.Extensions.Logging, less the noise of normal events: a client or
/// worker that disconnects (Akka.Remote reports the association it had as failed, with a stack), a
/// stray connection that does not speak Akka's protocol (or TLS, on a TLS cluster: one warning says it
/// was refused), a worker's join attempts while no scheduler answers, and the failure detector's notes on
/// a node gone quiet are debug lines, not warnings and errors. What remains is written without Akka's stack traces: one line per event.
/// </summary>
internal sealed class AkkaLogForwarder : LoggerFactoryLogger
{
    protected override void Log(LogEvent log, ActorPath path)
    {
        if (IsNormalEvent(log))
        {
            base.Log(new Debug(log.LogSource, log.LogClass, log.Message), path);
            return;
        }

        base.Log(log.Cause is { } cause ? Reword(log, cause) : log, path);
    }

    private static bool IsNormalEvent(LogEvent log) =>
        log.Cause is { } cause && IsDisconnection(cause)
        || log.Message?.ToString() is { } text
            && (text.Contains("address is now gated", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("Association with remote system", StringComparison.Ordinal)
                // A worker waiting for its scheduler says so itself, once in a while (Rltk.Worker.Host).
                || text.StartsWith("Couldn't join seed nodes after", StringComparison.Ordinal)
                || text.StartsWith("Joining of seed-nodes", StringComparison.Ordinal)
                // A refused TLS connection is one warning ("Rejected incoming connection … TLS handshake
                // failure"), with the reason on a line of its own when there is one (no certificate, not
                // signed by the CA); DotNetty's report of the same handshake adds a wall of advice.
                || text.StartsWith("TLS handshake failed on channel", StringComparison.Ordinal)
                // DotNetty's bookkeeping of a TLS connection closed while its node stops.
                || text.StartsWith("Unable to REMOVE channel", StringComparison.Ordinal)
                // The failure detector's view of a node that stopped answering: what follows (unreachable, downed,
                // a client looking for its scheduler again) is said in lines of their own.
                || text.StartsWith("heartbeat interval is growing too large", StringComparison.Ordinal));

    private static bool IsDisconnection(Exception cause) =>
        cause.GetType().Name is "EndpointDisassociatedException" or "TooLongFrameException" or "ShutDownAssociation" or "NotSslRecordException"
        || cause.InnerException is { } inner && IsDisconnection(inner);

    /// <summary>The event with its cause folded into the message (type and message, innermost first), and no stack.</summary>
    private static LogEvent Reword(LogEvent log, Exception cause)
    {
        var message = $"{log.Message} ({Describe(cause)})";
        return log switch
        {
            Error => new Error(null, log.LogSource, log.LogClass, message),
            Warning => new Warning(log.LogSource, log.LogClass, message),
            Info => new Info(log.LogSource, log.LogClass, message),
            _ => new Debug(log.LogSource, log.LogClass, message),
        };
    }

    private static string Describe(Exception cause)
    {
        var innermost = cause.Innermost();
        return $"{innermost.GetType().Name}: {innermost.Message}";
    }
}
