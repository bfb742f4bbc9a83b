namespace Rltk.Actors;

/// <summary>
/// An input that every worker running it died on (dask's <c>KilledWorker</c>): it crashed the process, was
/// killed with it, or made it run out of memory. After <c>rltk.cluster.allowed-failures</c> such deaths
/// (3 by default) it does not run again; the <see cref="TaskFailedException"/> that carries this names the input.
/// </summary>
public sealed class KilledWorkerException(int workers, string message) : Exception(message)
{
    /// <summary>How many workers died running the input.</summary>
    public int Workers { get; } = workers;

    internal static KilledWorkerException OfInput(int workers) => new(workers,
        $"It killed {workers} workers (rltk.cluster.allowed-failures): each worker running it died — it crashed the process, " +
        "was killed with it, or made it run out of memory. It will not run again.");

    internal static KilledWorkerException OfChunk(int workers, string chunk) => new(workers,
        $"Chunk {chunk} killed {workers} workers (rltk.cluster.allowed-failures) before any one of its inputs could be named; it will not run again.");
}
