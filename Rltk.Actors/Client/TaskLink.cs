using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// A task's side of its scheduler, as its receiver (a task's or a call stream's) keeps it: the scheduler, the
/// outbox to it, and — when the task can be opened again elsewhere — the chunk parts whose results have not all
/// arrived, submitted again to the scheduler that takes the task up after this one is lost.
/// </summary>
internal sealed class TaskLink
{
    private readonly IActorRef _receiver;
    private readonly MessageLimits _limits;
    private readonly Func<IActorRef, IActorRef, IReadOnlyList<long>, Task<IActorRef>>? _reopen;
    private readonly UnconfirmedChunks _unconfirmed = new();

    // reopen, given the lost scheduler, the receiver and the cancelled calls of a call stream, opens the task on the scheduler
    // found again and returns it; null when the task cannot go on elsewhere.
    public TaskLink(IActorRef scheduler, IActorRef receiver, MessageLimits limits, Func<IActorRef, IActorRef, IReadOnlyList<long>, Task<IActorRef>>? reopen)
    {
        (Scheduler, _receiver, _limits, _reopen) = (scheduler, receiver, limits, reopen);
        Outbox = new SchedulerOutbox(scheduler, receiver, limits);
    }

    public IActorRef Scheduler { get; private set; }

    public SchedulerOutbox Outbox { get; private set; }

    public bool CanReopen => _reopen is not null;

    /// <summary>Some chunk part sent has results still to come.</summary>
    public bool HasUnconfirmed => _unconfirmed.Count > 0;

    public void Submit(SubmitChunk chunk)
    {
        Keep(chunk);
        Outbox.Submit(chunk);
    }

    /// <summary>Keeps a chunk for the next scheduler (while none is found, it is only kept).</summary>
    public void Keep(SubmitChunk chunk)
    {
        if (_reopen is not null)
        {
            _unconfirmed.Sent(chunk);
        }
    }

    /// <summary>The results of <paramref name="key"/> have all arrived: the scheduler is told, and no other will run it.</summary>
    public void Delivered(Guid taskId, ChunkKey key)
    {
        _unconfirmed.Confirmed(key);
        Outbox.Delivered(taskId, key);
    }

    /// <summary>
    /// Opens the task on the scheduler found again, with the calls cancelled among its unconfirmed chunks (a call
    /// stream's), which its workers will skip; the receiver is told <see cref="Reopened"/> or <see cref="ReopenFailed"/>.
    /// </summary>
    public void ReopenElsewhere(IReadOnlyList<long> cancelledCalls) =>
        _reopen!(Scheduler, _receiver, cancelledCalls).PipeTo(_receiver, success: found => new Reopened(found), failure: why => new ReopenFailed(why));

    /// <summary>Goes on with <paramref name="scheduler"/>, every unconfirmed chunk submitted to it in order; returns how many.</summary>
    public int MoveTo(IActorRef scheduler)
    {
        (Scheduler, Outbox) = (scheduler, new SchedulerOutbox(scheduler, _receiver, _limits));
        var resubmitted = 0;
        foreach (var chunk in _unconfirmed.InOrder())
        {
            Outbox.Submit(chunk);
            resubmitted++;
        }

        return resubmitted;
    }

    public sealed record Reopened(IActorRef Scheduler);

    public sealed record ReopenFailed(Exception Why);
}
