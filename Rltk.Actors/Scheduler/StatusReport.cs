namespace Rltk.Actors.Scheduler;

/// <summary>The scheduler's state, as the <see cref="ClusterStatus"/> its readers see.</summary>
internal static class StatusReport
{
    /// <summary>Where a node is, as people write it: host:port.</summary>
    public static string Where(this Akka.Actor.Address address) => $"{address.Host}:{address.Port}";

    /// <summary>How many seconds of throughput the status keeps: five minutes.</summary>
    public const int ThroughputSeconds = 301;

    // A task's rate is its inputs completed over the last ten seconds.
    private const int RateWindow = 10;

    public static ClusterStatus Of(
        string address, DateTimeOffset startedAt, DateTimeOffset now, WorkerLedger workers, TaskQueues tasks, DeliveryTracker deliveries,
        SessionRegistry sessions, Throughput throughput, RecentFailures failures)
    {
        var tasksByClient = tasks.All.GroupBy(t => t.Receiver.Path.Address).ToDictionary(g => g.Key, g => g.Count());
        return new ClusterStatus(
            address,
            startedAt,
            now - startedAt,
            workers.All.Select(w => new WorkerStatus(
                    w.Agent.Path.Address.Where(), w.Mappers, w.HeldCount, w.ChunksDone, w.InputsDone, w.Usage.CpuPercent, w.Usage.MemoryBytes, w.JoinedAt))
                .ToArray(),
            tasks.All.Select(t => new RemoteTaskStatus(
                    t.Id, t.Name, t.Receiver.Path.Address.Where(), t.OpenedAt, t.InputsSubmitted, t.InputsCompleted, t.InputsFailed,
                    t.Pending.Count, deliveries.CountOf(t.Id), t.Completions.Rate(now, RateWindow)))
                .ToArray(),
            sessions.Clients.Select(c => new ClientStatus(c.Client.Path.Address.Where(), c.ConnectedAt, tasksByClient.GetValueOrDefault(c.Client.Path.Address)))
                .ToArray(),
            throughput.Samples(now),
            failures.All);
    }
}
