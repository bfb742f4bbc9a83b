using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// A reduce task's state on the scheduler: which worker folded which chunks into its context, and the
/// combining of those contexts up a tree of workers once the client has every chunk's word. A worker lost
/// before the combine ends takes its context with it: its chunks run again (and fold elsewhere), and a new
/// round starts; the other workers keep their contexts, so nothing is counted twice or missed.
/// </summary>
internal sealed class ReduceCombine
{
    private readonly Dictionary<IActorRef, List<ScheduledChunk>> _folded = [];

    /// <summary>The client has every chunk's result: combine as soon as no chunk is waiting or running.</summary>
    public bool Requested { get; set; }

    public int Round { get; private set; }

    /// <summary>The workers of the round under way; empty when none is.</summary>
    public IReadOnlyList<IActorRef> Combining { get; private set; } = [];

    public void Folded(IActorRef worker, ScheduledChunk chunk)
    {
        if (!_folded.TryGetValue(worker, out var chunks))
        {
            _folded[worker] = chunks = [];
        }

        chunks.Add(chunk);
    }

    /// <summary>A worker is gone: the chunks folded into its context, to run again; and whether a round was under way (now over).</summary>
    public (IReadOnlyList<ScheduledChunk> RunAgain, bool RoundLost) WorkerGone(IActorRef worker)
    {
        if (!_folded.Remove(worker, out var chunks))
        {
            return ([], false);
        }

        var roundLost = Combining.Count > 0;
        Combining = [];
        return (chunks, roundLost);
    }

    /// <summary>
    /// The next round's orders, worker by worker, when it may start: every worker with a context in a binary heap
    /// (the children of worker k are 2k+1 and 2k+2), the root sending the value to <paramref name="client"/>.
    /// Empty when no worker folded anything: then no input reached any worker.
    /// </summary>
    public IReadOnlyList<(IActorRef Worker, CombineRound Order)> StartRound(Guid taskId, IActorRef client)
    {
        var workers = _folded.Keys.OrderBy(w => w.Path.ToString(), StringComparer.Ordinal).ToArray();
        Round++;
        Combining = workers;
        return workers.Select((worker, k) => (worker, new CombineRound(
                taskId,
                Round,
                (2 * k + 1 < workers.Length ? 1 : 0) + (2 * k + 2 < workers.Length ? 1 : 0),
                k == 0 ? null : workers[(k - 1) / 2],
                client)))
            .ToArray();
    }
}
