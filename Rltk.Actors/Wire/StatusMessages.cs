using Rltk.Actors.Wire;

namespace Rltk.Actors;

/// <summary>
/// What a cluster is doing, as its scheduler sees it (<see cref="Remote.GetStatusAsync"/>, and the dashboard's
/// <c>/api/status</c>): its workers, open tasks and clients, its throughput over the last minutes, and the
/// last failures of user code.
/// </summary>
public sealed record ClusterStatus(
    string Scheduler,
    DateTimeOffset StartedAt,
    TimeSpan Uptime,
    IReadOnlyList<WorkerStatus> Workers,
    IReadOnlyList<RemoteTaskStatus> Tasks,
    IReadOnlyList<ClientStatus> Clients,
    IReadOnlyList<ThroughputSample> Throughput,
    IReadOnlyList<FailureStatus> RecentFailures) : IWireMessage
{
    /// <summary>Mappers of all workers.</summary>
    public int Mappers => Workers.Sum(w => w.Mappers);

    /// <summary>Chunks waiting for a worker, over all tasks.</summary>
    public int QueuedChunks => Tasks.Sum(t => t.ChunksQueued);

    /// <summary>Chunks given to workers whose results the clients have not confirmed, over all tasks.</summary>
    public int RunningChunks => Tasks.Sum(t => t.ChunksRunning);
}

/// <summary>
/// A worker: where it is, its mappers, the chunks it runs now, the inputs and chunks it has done, and its
/// process's CPU (percent of one core) and memory as it last said.
/// </summary>
public sealed record WorkerStatus(
    string Address, int Mappers, int ChunksRunning, long ChunksDone, long InputsDone, double CpuPercent, long MemoryBytes, DateTimeOffset JoinedAt);

/// <summary>
/// An open task (a <see cref="RemoteTask{TIn,TOut}"/>, or the calls of one function through <c>SubmitAsync</c>):
/// its client, its inputs submitted, completed and failed, its chunks queued and running, and its rate over the
/// last ten seconds.
/// </summary>
public sealed record RemoteTaskStatus(
    Guid Id,
    string Name,
    string Client,
    DateTimeOffset OpenedAt,
    long InputsSubmitted,
    long InputsCompleted,
    long InputsFailed,
    int ChunksQueued,
    int ChunksRunning,
    double InputsPerSecond);

/// <summary>A connected client (a <see cref="Remote"/>) and its open tasks.</summary>
public sealed record ClientStatus(string Address, DateTimeOffset ConnectedAt, int OpenTasks);

/// <summary>Inputs completed in the second that began at <paramref name="Time"/>.</summary>
public sealed record ThroughputSample(DateTimeOffset Time, long Inputs);

/// <summary>A failure of user code: when, in which task, on which input (as text), and what it said.</summary>
public sealed record FailureStatus(DateTimeOffset Time, Guid Task, string Input, string Error);

/// <summary>Anyone to scheduler: answered with <see cref="ClusterStatus"/>.</summary>
internal sealed record GetClusterStatus : IWireMessage
{
    public static readonly GetClusterStatus Instance = new();
}
