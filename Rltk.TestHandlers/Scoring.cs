using Rltk.Actors;
using Rltk.TestHandlers.Words;

namespace Rltk.TestHandlers;

/// <summary>
/// Handlers in a user's assembly that no worker was deployed with, built twice — as versions 1 and 2
/// of one assembly name — so that tests can run both builds at once on one cluster.
/// </summary>
public static class Scoring
{
#if HANDLERS_V1
    public const int Version = 1;
#else
    public const int Version = 2;
#endif

    public static string Score(int x) => $"v{Version}:{x}";

    /// <summary>Needs the assembly this one depends on, Rltk.TestHandlers.Words, on the worker too.</summary>
    public static string Spelled(int x) => $"{Spelling.Of(x)}@v{Version}";

    /// <summary>A lambda that captures a local variable.</summary>
    public static Func<int, string> Prefixed(string prefix)
    {
        var suffix = $"/v{Version}";
        return x => prefix + x + suffix;
    }

    public static Mapper<int, string> NewMapper() => new VersionedMapper();

    /// <summary>Fails with an exception type only this assembly declares.</summary>
    public static string Refuse(int x) => throw new ScoringException($"no score for {x}");
}

/// <summary>An exception of a user's own, which a client that never loaded this assembly cannot make.</summary>
public sealed class ScoringException(string message) : Exception(message);

/// <summary>A mapper class: Enter runs on the worker before the first input.</summary>
public sealed class VersionedMapper : Mapper<int, string>
{
    private string _tag = "";

    public override void Enter() => _tag = $"m{Index}v{Scoring.Version}";

    public override string Process(int input) => $"{_tag}:{input}";
}
