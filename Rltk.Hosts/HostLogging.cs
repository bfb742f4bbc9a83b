using Microsoft.Extensions.Logging;

namespace Rltk.Hosts;

/// <summary>How both hosts, and a worker's nanny, write their log: one line per event on standard output.</summary>
public static class HostLogging
{
    /// <summary>
    /// The project's lines (listening, workers joining and leaving, a nanny's restarts) at information;
    /// everything else, Akka's included, only when something is wrong. Dispose the factory before the
    /// process exits: the console logger writes from a queue.
    /// </summary>
    public static ILoggerFactory Create() => LoggerFactory.Create(logging =>
    {
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Rltk", LogLevel.Information);
    });
}
