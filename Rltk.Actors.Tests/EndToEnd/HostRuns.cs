using System.Collections.Concurrent;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>Tasks the end-to-end tests run on host processes, and what they look for in the hosts' output.</summary>
internal static class HostRuns
{
    public const int Inputs = 3_000;

    /// <summary>What <see cref="RunWhileAsync"/> must deliver, each exactly once.</summary>
    public static IEnumerable<int> Expected() => Enumerable.Range(0, Inputs).Select(i => i * 3);

    /// <inheritdoc cref="RunWhileAsync(HostProcess, string, Func{Task})"/>
    public static Task<ConcurrentBag<int>> RunWhileAsync(HostProcess scheduler, string address, Action midTask) =>
        RunWhileAsync(scheduler, address, () =>
        {
            midTask();
            return Task.CompletedTask;
        });

    /// <summary>Runs a task of <see cref="Inputs"/> pairs, does <paramref name="midTask"/> once a quarter of the results are in, and returns every result.</summary>
    public static async Task<ConcurrentBag<int>> RunWhileAsync(HostProcess scheduler, string address, Func<Task> midTask)
    {
        await using var remote = new Remote(address);
        var results = new ConcurrentBag<int>();
        var quarter = new TaskCompletionSource();
        var task = new RemoteTask<(int X, int Y), int>(remote, EndToEndHandlers.SlowProduct, product =>
        {
            results.Add(product);
            if (results.Count == Inputs / 4)
            {
                quarter.TrySetResult();
            }
        }, chunkSize: 10, maxQueueSize: 10);
        task.Start();
        var feeding = Task.Run(() =>
        {
            for (var i = 0; i < Inputs; i++)
            {
                task.Compute((i, 3));
            }

            task.TaskDone();
        });
        try
        {
            await quarter.Task.Within();
            await midTask();
            await feeding.Within();
            await task.JoinAsync().Within();
            return results;
        }
        catch (TimeoutException stuck)
        {
            throw new TimeoutException(
                $"{results.Count} of {Inputs} results arrived; the scheduler said:\n{string.Join('\n', scheduler.Output)}", stuck);
        }
    }

    /// <summary>Runs a small task through a fresh client, and checks every result came back once.</summary>
    public static async Task RunSmallTaskAsync(string address)
    {
        await using var remote = new Remote(address);
        var results = new List<int>();
        await Runs.RunAsync(new RemoteTask<int, int>(remote, x => x * 2, results.Add, chunkSize: 5), Enumerable.Range(0, 50));
        Assert.Equal(Enumerable.Range(0, 50).Select(x => x * 2), results.Order());
    }

    /// <summary>Lines of a host's output that report trouble: errors, exceptions, stack frames.</summary>
    public static string[] Troubles(HostProcess host) =>
        host.Output.Concat(host.Errors)
            .Where(line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("ERROR", StringComparison.Ordinal)
                           || line.Contains("Exception", StringComparison.Ordinal) || line.TrimStart().StartsWith("at ", StringComparison.Ordinal))
            .ToArray();

    /// <summary>
    /// A host's warnings, less the one a loaded machine causes (Akka's heartbeat sent late because the
    /// process got no CPU for a while): tests run on a busy 2-core machine too.
    /// </summary>
    public static string[] Warnings(HostProcess host) =>
        host.Output
            .Where(line => line.Contains("warn:", StringComparison.Ordinal)
                           && !line.Contains("Scheduled sending of heartbeat was delayed", StringComparison.Ordinal))
            .ToArray();

    /// <summary>Everything a host printed, for a failing assertion's message.</summary>
    public static string Said(HostProcess host) => string.Join('\n', host.Output.Concat(host.Errors));

    public static int PortOf(string address) => int.Parse(address.Split(':')[1]);
}

/// <summary>Handlers of this assembly, which the client ships to the worker processes.</summary>
internal static class EndToEndHandlers
{
    public static int SlowProduct((int X, int Y) pair)
    {
        Thread.Sleep(1); // stands for real work, so that the task is still running when a process goes
        return pair.X * pair.Y;
    }

    public static long SlowIdentity(long x)
    {
        Thread.SpinWait(50_000); // stands for real work, as above, without a timer's resolution in the way
        return x;
    }
}

/// <summary>
/// A handler that takes memory and keeps it, as a leaking handler would: the first time it runs anywhere
/// (a marker file says so) it fills up to <c>upTo</c> bytes and holds them, so the worker's nanny must
/// kill it; the input runs again on the next worker process, which finds the marker and just returns.
/// </summary>
internal static class MemoryHog
{
    private static readonly List<byte[]> Held = [];

    public static int Grow(int input, string marker, long upTo)
    {
        if (File.Exists(marker))
        {
            return input;
        }

        File.WriteAllText(marker, "");
        for (long held = 0; held < upTo; held += 16 << 20)
        {
            var block = GC.AllocateUninitializedArray<byte>(16 << 20);
            Array.Fill(block, (byte)1); // written, so resident
            Held.Add(block);
        }

        // Held until the nanny kills this process; never returns while the nanny does its job.
        Thread.Sleep(Waiting.Generous);
        return input;
    }
}
