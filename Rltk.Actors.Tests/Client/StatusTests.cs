using System.Diagnostics.Metrics;
using Rltk.Actors.Scheduler;

namespace Rltk.Actors.Tests.Client;

/// <summary>What a Remote reads of its cluster, and what the scheduler's meter says.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task The_status_counts_a_known_task_and_failure_and_names_the_workers_and_clients()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 2);
        await using var remote = await Remote.ConnectAsync(cluster.Address).Within();
        var failures = new List<TaskFailedException>();
        var task = new RemoteTask<int, int>(remote, Handlers.FailOnSeven, chunkSize: 10,
            options: new RemoteTaskOptions { OnError = failures.Add });
        await task.StartAsync().Within();
        for (var i = 0; i < 100; i++)
        {
            await task.ComputeAsync(i);
        }

        task.TaskDone();
        // Open until joined: the scheduler counts the task's deliveries while it is.
        await Waiting.Until(async () => (await remote.GetStatusAsync()).Tasks.SingleOrDefault() is { InputsCompleted: 100 });
        var status = await remote.GetStatusAsync().Within();

        Assert.Equal(cluster.Address, status.Scheduler);
        Assert.True(status.Uptime > TimeSpan.Zero);
        Assert.Equal(2, status.Workers.Count);
        Assert.Equal(100, status.Workers.Sum(w => w.InputsDone));
        Assert.All(status.Workers, w => Assert.True(w.MemoryBytes > 0));
        Assert.All(status.Workers, w => Assert.Matches(@"^127\.0\.0\.1:\d+$", w.Address));
        var row = Assert.Single(status.Tasks);
        Assert.Equal((100L, 100L, 1L, 0), (row.InputsSubmitted, row.InputsCompleted, row.InputsFailed, row.ChunksQueued));
        Assert.Contains("FailOnSeven", row.Name);
        var client = Assert.Single(status.Clients);
        Assert.Equal(row.Client, client.Address);
        var failure = Assert.Single(status.RecentFailures);
        Assert.Equal(("7", row.Id), (failure.Input, failure.Task));
        Assert.Contains("FormatException: seven is not allowed", failure.Error);
        // The throughput leaves out the current second: a second later, every input is in it.
        await Waiting.Until(async () => (await remote.GetStatusAsync()).Throughput.Sum(s => s.Inputs) == 100);
        await task.JoinAsync().Within();
        Assert.Single(failures);
    }

    [Fact]
    public async Task The_meter_counts_inputs_and_chunks_completed_and_failed()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        // Schedulers of tests running beside this one count on meters of the same name: the tag tells this one's.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Rltk.Actors" &&
                instrument.Meter.Tags?.Contains(new KeyValuePair<string, object?>(SchedulerMetrics.SchedulerTag, remote.SchedulerAddress)) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counts)
            {
                counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();

        await Runs.RunAsync(new RemoteTask<int, int>(remote, Handlers.FailOnSeven, chunkSize: 10,
            options: new RemoteTaskOptions { OnError = _ => { } }), Enumerable.Range(0, 50));

        await Waiting.Until(() =>
        {
            lock (counts)
            {
                // A chunk's failures may be counted after its delivery: the worker's word comes by another connection.
                return counts.GetValueOrDefault("rltk.inputs.completed") >= 50 && counts.GetValueOrDefault("rltk.inputs.failed") >= 1;
            }
        });
        lock (counts)
        {
            Assert.Equal(50, counts["rltk.inputs.completed"]);
            Assert.Equal(1, counts["rltk.inputs.failed"]);
            Assert.Equal(5, counts["rltk.chunks.completed"]);
            Assert.Equal(1, counts["rltk.chunks.failed"]);
        }
    }
}
