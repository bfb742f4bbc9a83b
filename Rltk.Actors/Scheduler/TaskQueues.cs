using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// The open tasks and their queues of chunks waiting for a worker. Tasks take turns: the next chunk
/// comes from the task after the one that gave the last, so every client progresses.
/// </summary>
internal sealed class TaskQueues
{
    private readonly Dictionary<Guid, ScheduledTask> _tasks = [];
    private readonly LinkedList<Guid> _turns = new();

    public int Count => _tasks.Count;

    public int QueuedChunks => _tasks.Values.Sum(t => t.Pending.Count);

    public IEnumerable<ScheduledTask> All => _tasks.Values;

    public void Open(ScheduledTask task)
    {
        _tasks[task.Id] = task;
        _turns.AddLast(task.Id);
    }

    public ScheduledTask? Find(Guid taskId) => _tasks.GetValueOrDefault(taskId);

    /// <summary>Closes a task: its waiting chunks are dropped. Null when it was not open.</summary>
    public ScheduledTask? Close(Guid taskId)
    {
        if (!_tasks.Remove(taskId, out var task))
        {
            return null;
        }

        _turns.Remove(taskId);
        return task;
    }

    /// <summary>Queues a chunk at the back of its task's queue; false when the task is not open (closed meanwhile).</summary>
    public bool Enqueue(SubmitChunk chunk)
    {
        if (!_tasks.TryGetValue(chunk.TaskId, out var task))
        {
            return false;
        }

        task.Pending.AddLast(new ScheduledChunk(chunk));
        return true;
    }

    /// <summary>Puts a chunk that must run again at the front of its task's queue, if the task is still open.</summary>
    public void Requeue(ScheduledChunk chunk) => Find(chunk.TaskId)?.Pending.AddFirst(chunk);

    /// <summary>Takes the next chunk to run, from the next task in turn that has one.</summary>
    public (ScheduledTask Task, ScheduledChunk Chunk)? Next()
    {
        for (var i = 0; i < _turns.Count; i++)
        {
            var task = _tasks[_turns.First!.Value];
            _turns.RemoveFirst();
            _turns.AddLast(task.Id);
            if (task.Pending.First is { } first)
            {
                task.Pending.RemoveFirst();
                return (task, first.Value);
            }
        }

        return null;
    }

    public bool HasWaitingChunks => _tasks.Values.Any(t => t.Pending.Count > 0);

    public IReadOnlyList<ScheduledTask> OfReceiver(IActorRef receiver) => _tasks.Values.Where(t => t.Receiver.Equals(receiver)).ToArray();

    public IReadOnlyList<ScheduledTask> OfSession(Guid sessionId) => _tasks.Values.Where(t => t.SessionId == sessionId).ToArray();
}
