using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// What a task's receiver sends the scheduler for it — the chunks to run, and the chunks whose results have
/// arrived — held while the receiver works through its mailbox and sent in as few messages as there were
/// at once; and, after them, the task's close. Tells the receiver <see cref="FlushBatches"/> when it holds the first.
/// </summary>
internal sealed class SchedulerOutbox(IActorRef scheduler, IActorRef receiver, MessageLimits limits)
{
    private readonly MessageBatch<Guid, SubmitChunk> _submits = new(limits.ChunkBytes, chunk => chunk.Inputs.Length);
    private readonly MessageBatch<Guid, ChunkKey> _delivered = new(long.MaxValue, _ => 0);
    private bool _flushPending;

    public void Submit(SubmitChunk chunk)
    {
        _submits.Hold(chunk.TaskId, chunk);
        FlushSoon();
    }

    /// <summary>Holds the word that a chunk's result has arrived.</summary>
    public void Delivered(Guid taskId, ChunkKey key)
    {
        _delivered.Hold(taskId, key);
        FlushSoon();
    }

    public void Flush()
    {
        _flushPending = false;
        foreach (var (_, chunks) in _submits.Take())
        {
            scheduler.Tell(new SubmitChunks(chunks), receiver);
        }

        foreach (var (taskId, keys) in _delivered.Take())
        {
            scheduler.Tell(new ChunksDelivered(taskId, keys), receiver);
        }
    }

    /// <summary>Closes the task on the scheduler, after what is held for it.</summary>
    public void Close(CloseTask close)
    {
        Flush();
        scheduler.Tell(close, receiver);
    }

    private void FlushSoon()
    {
        if (!_flushPending)
        {
            _flushPending = true;
            receiver.Tell(FlushBatches.Instance);
        }
    }
}
