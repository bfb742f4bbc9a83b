using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// A chunk (or part of one) the scheduler holds until its client confirms its result: its inputs as bytes
/// it never opens, and what it knows of the workers that died holding it. A worker reports finished chunks
/// in batches, so a chunk held by a worker that died may have been running or waiting its turn: it runs
/// next announced (its worker says when it starts it). A death while it was announced as running runs it
/// watched — its worker says which input is about to run — so that a later death is put down to that
/// input; an input with <c>allowed-failures</c> deaths is a poison input, and the chunk runs on without it.
/// </summary>
internal sealed class ScheduledChunk(SubmitChunk submit)
{
    private readonly Dictionary<int, int> _deathsByInput = [];
    private readonly List<SkippedInput> _skip = [];
    private int _deathsUnattributed;
    private bool _heldByTheDead;

    public SubmitChunk Submit { get; } = submit;

    public Guid TaskId => Submit.TaskId;

    public ChunkKey Key => Submit.Key;

    /// <summary>Its worker said it started it (only a suspect's worker says so).</summary>
    public bool Started { get; private set; }

    /// <summary>The input a watched run said is running; null before it says.</summary>
    public int? RunningInput { get; private set; }

    /// <summary>How to run it: announced once a worker that held it died; watched input by input once one died running it, skipping the poison inputs.</summary>
    public SuspectRun? Suspect =>
        _deathsUnattributed > 0 || _deathsByInput.Count > 0 ? new SuspectRun(_skip.ToArray(), EachInput: true)
        : _heldByTheDead ? new SuspectRun([], EachInput: false)
        : null;

    public AssignChunk Assignment => new(TaskId, Key, Submit.Inputs, Suspect);

    /// <summary>Given to a worker: nothing of it runs there yet.</summary>
    public void Assigned() => (Started, RunningInput) = (false, null);

    /// <summary>Its worker says it starts it, or (with an index) one of its inputs.</summary>
    public void Starting(int? index) => (Started, RunningInput) = (true, index);

    /// <summary>
    /// Which of <paramref name="unfinished"/>, the chunks a dead worker held and had not finished, it died running:
    /// those it said it started; none when it said of none (they are then only <see cref="HeldByTheDead"/>).
    /// </summary>
    public static IReadOnlyList<ScheduledChunk> RunningAtDeath(IReadOnlyList<ScheduledChunk> unfinished) =>
        unfinished.Where(chunk => chunk.Started).ToArray();

    /// <summary>A worker died holding it, unfinished, running it or not: it counts as one death once a later one names it.</summary>
    public void HeldByTheDead() => _heldByTheDead = true;

    /// <summary>
    /// A worker died running this chunk. Returns what is now known to kill workers — one input, or
    /// (when the chunk did so before any input could be named) the whole chunk — or null to run it again.
    /// </summary>
    public Poison? WorkerDied(int allowedFailures)
    {
        var earlier = _deathsUnattributed + (_heldByTheDead ? 1 : 0);
        _heldByTheDead = false;
        if (RunningInput is not { } running)
        {
            _deathsUnattributed = earlier + 1;
            return _deathsUnattributed >= allowedFailures ? new Poison(null, _deathsUnattributed) : null;
        }

        _deathsUnattributed = 0;
        var deaths = _deathsByInput.GetValueOrDefault(running) + 1 + earlier;
        _deathsByInput[running] = deaths;
        if (deaths < allowedFailures)
        {
            return null;
        }

        _skip.Add(new SkippedInput(running, deaths));
        return new Poison(running, deaths);
    }

    /// <summary>What killed <paramref name="Workers"/> workers: input <paramref name="Index"/>, or the whole chunk when null.</summary>
    public sealed record Poison(int? Index, int Workers);
}
