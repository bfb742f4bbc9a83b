namespace Rltk.Actors.Hosting;

/// <summary>The dispatchers of <c>hocon/rltk.conf</c> that run user code, away from Akka's own threads.</summary>
internal static class Dispatchers
{
    /// <summary>Mapper actors: a dedicated pool, one thread per mapper.</summary>
    public const string Mapper = "rltk.mapper-dispatcher";

    /// <summary>The most mappers one node runs: each is a thread, and a typo of 100,000 threads ends a process without a word.</summary>
    public const int MaxMappers = 1024;

    /// <summary>Collector, reducer, progress and client task actors: a thread of their own each.</summary>
    public const string Collector = "rltk.collector-dispatcher";
}
