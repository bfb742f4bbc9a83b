using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// A chunk (or part of one) the scheduler holds until its client confirms its result: its inputs as bytes
/// it never opens, and what it knows of the workers that died running it. After a first death the chunk
/// runs watched — its worker says which input is about to run — so that a later death is put down to that
/// input; an input with <c>allowed-failures</c> deaths is a poison input, and the chunk runs on without it.
/// </summary>
internal sealed class ScheduledChunk(SubmitChunk submit)
{
    private readonly Dictionary<int, int> _deathsByInput = [];
    private readonly List<int> _skip = [];
    private int _deathsUnattributed;

    public SubmitChunk Submit { get; } = submit;

    public Guid TaskId => Submit.TaskId;

    public ChunkKey Key => Submit.Key;

    /// <summary>The input a watched run said is running, and its bytes; null before it says.</summary>
    public (int Index, byte[] Input)? RunningInput { get; set; }

    /// <summary>How to run it: watched once a worker died running it, skipping the poison inputs.</summary>
    public SuspectRun? Suspect => _deathsUnattributed > 0 || _deathsByInput.Count > 0 ? new SuspectRun(_skip.ToArray()) : null;

    public AssignChunk Assignment => new(TaskId, Key, Submit.Inputs, Suspect);

    /// <summary>
    /// A worker died while running this chunk. Returns what is now known to kill workers — one input, or
    /// (when the chunk did so before any input could be named) the whole chunk — or null to run it again.
    /// </summary>
    public Poison? WorkerDied(int allowedFailures)
    {
        if (RunningInput is not { } running)
        {
            _deathsUnattributed++;
            return _deathsUnattributed >= allowedFailures ? new Poison(null, null, _deathsUnattributed) : null;
        }

        RunningInput = null;
        var deaths = _deathsByInput.GetValueOrDefault(running.Index) + 1 + _deathsUnattributed;
        _deathsUnattributed = 0;
        _deathsByInput[running.Index] = deaths;
        if (deaths < allowedFailures)
        {
            return null;
        }

        _skip.Add(running.Index);
        return new Poison(running.Index, running.Input, deaths);
    }

    /// <summary>What killed <paramref name="Workers"/> workers: input <paramref name="Index"/>, or the whole chunk when null.</summary>
    public sealed record Poison(int? Index, byte[]? Input, int Workers);
}
