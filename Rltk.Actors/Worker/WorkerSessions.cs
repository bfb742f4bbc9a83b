using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>
/// A task this worker was told of: how to run it, its client session, (for a call stream) its cancelled
/// calls, (for a reduce task) this worker's context, and how many of its chunks a mapper takes at once.
/// </summary>
internal sealed record AssignedTask(TaskAssigned Assignment, WorkerSession Session, CancelledCalls Cancelled, ReduceContext Context, RunPace Pace);

/// <summary>
/// The client sessions a worker runs tasks of, and those tasks: each session's files (in a store shared
/// by the sessions, in a folder of this worker's own) and its <see cref="WorkerSession"/>, made at its
/// first task and disposed — its code unloaded — when it ends.
/// </summary>
internal sealed class WorkerSessions : IDisposable
{
    private readonly string _folder = WorkerFolder.Create();
    private readonly FileStore _files;
    private readonly Dictionary<Guid, WorkerSession> _sessions = [];
    private readonly Dictionary<Guid, AssignedTask> _tasks = [];

    public WorkerSessions() => _files = new FileStore(Path.Combine(_folder, "files"));

    public void Store(FileContent file) => _files.Store(file.Hash, file.Content);

    public void Assign(TaskAssigned task)
    {
        if (!_sessions.TryGetValue(task.SessionId, out var session))
        {
            _sessions[task.SessionId] = session = new WorkerSession(task.SessionId, _files, Path.Combine(_folder, $"{task.SessionId:N}"));
        }

        _files.Retain(task.SessionId, task.Files);
        session.Add(task.Files);
        var cancelled = new CancelledCalls();
        cancelled.Add(task.CancelledCalls ?? []);
        _tasks[task.TaskId] = new AssignedTask(task, session, cancelled, new ReduceContext(), new RunPace());
    }

    /// <summary>A chunk, with its task and session; null for a task this worker was not told of.</summary>
    public WorkerMapperActor.Work? WorkFor(AssignChunk chunk, Akka.Actor.IActorRef scheduler) =>
        _tasks.TryGetValue(chunk.TaskId, out var assigned) ? new WorkerMapperActor.Work(assigned, chunk, scheduler) : null;

    public AssignedTask? Find(Guid taskId) => _tasks.GetValueOrDefault(taskId);

    public void Cancel(CancelCalls cancel)
    {
        if (_tasks.TryGetValue(cancel.TaskId, out var assigned))
        {
            assigned.Cancelled.Add(cancel.CallIds);
        }
    }

    public void CloseTask(Guid taskId) => _tasks.Remove(taskId);

    public void CloseSession(Guid sessionId)
    {
        if (_sessions.Remove(sessionId, out var session))
        {
            session.Dispose();
        }
    }

    /// <summary>Call once the mappers have stopped (and exited their tasks): nothing of the sessions is in use.</summary>
    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // No client shipped anything.
        }
    }
}
