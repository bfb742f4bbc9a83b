using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// What a task's receiver sends the scheduler for it — the chunks to run, and the chunks whose results have
/// arrived — held while the receiver works through its mailbox and sent in as few messages as there were
/// at once; and, after them, what must not overtake them (the task's close, a cancel of calls). Tells the
/// receiver <see cref="FlushBatches"/> when it holds the first.
/// </summary>
internal sealed class SchedulerOutbox(IActorRef scheduler, IActorRef receiver, MessageLimits limits)
{
    private readonly MessageBatch<Guid, SubmitChunk> _submits = new(limits.ChunkBytes, chunk => chunk.Inputs.Length);
    private readonly MessageBatch<Guid, ChunkKey> _delivered = new(long.MaxValue, _ => 0);

    private bool IsEmpty => _submits.IsEmpty && _delivered.IsEmpty;

    public void Submit(SubmitChunk chunk)
    {
        var first = IsEmpty;
        _submits.Hold(chunk.TaskId, chunk);
        FlushSoonIf(first);
    }

    /// <summary>Holds the word that a chunk's result has arrived.</summary>
    public void Delivered(Guid taskId, ChunkKey key)
    {
        var first = IsEmpty;
        _delivered.Hold(taskId, key);
        FlushSoonIf(first);
    }

    public void Flush()
    {
        foreach (var (_, chunks) in _submits.Take())
        {
            scheduler.Tell(new SubmitChunks(chunks), receiver);
        }

        foreach (var (taskId, keys) in _delivered.Take())
        {
            scheduler.Tell(new ChunksDelivered(taskId, keys), receiver);
        }
    }

    /// <summary>Sends <paramref name="message"/> to the scheduler after what is held (a close or a cancel must not overtake the chunks it is about).</summary>
    public void AfterHeld(IWireMessage message)
    {
        Flush();
        scheduler.Tell(message, receiver);
    }

    private void FlushSoonIf(bool first)
    {
        if (first)
        {
            receiver.Tell(FlushBatches.Instance);
        }
    }
}
