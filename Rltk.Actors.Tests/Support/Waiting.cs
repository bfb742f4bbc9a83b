using System.Collections.Concurrent;
using Akka.Actor;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Support;

/// <summary>Bounds on every wait in the tests: generous, so a loaded 2-core machine passes, yet a hang fails instead of stalling the suite.</summary>
internal static class Waiting
{
    public static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    public static Task Within(this Task task) => task.WaitAsync(Generous);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Generous);

    public static void Await(this ManualResetEventSlim signal)
    {
        if (!signal.Wait(Generous))
        {
            throw new TimeoutException("A signal the test waited for never came.");
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; past <see cref="Generous"/>, throws with <paramref name="why"/>.</summary>
    public static Task Until(Func<bool> condition, Func<string>? why = null) => Until(() => Task.FromResult(condition()), why);

    /// <inheritdoc cref="Until(Func{bool}, Func{string}?)"/>
    public static async Task Until(Func<Task<bool>> condition, Func<string>? why = null)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!await condition())
        {
            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(why?.Invoke() ?? "A condition the test waited for never held.");
            }
        }
    }

    /// <summary>What the scheduler says of its workers, tasks and chunks.</summary>
    public static Task<ClusterStatus> StatusOf(IActorRef scheduler) =>
        scheduler.Ask<ClusterStatus>(GetClusterStatus.Instance, Generous);
}

/// <summary>Feeding a run whose failure may surface at any call after it happens: Map, TaskDone or Join.</summary>
internal static class Runs
{
    /// <summary>Runs a task of 1,000 slow inputs on the scheduler at <paramref name="address"/>, does <paramref name="midTask"/> once 200 results are in, and returns every result.</summary>
    public static async Task<ConcurrentBag<int>> WhileSlowTaskRunsAsync(string address, Func<Task> midTask, RemoteOptions? options = null)
    {
        await using var remote = new Remote(address, options);
        var results = new ConcurrentBag<int>();
        var halfway = new TaskCompletionSource();
        var task = new RemoteTask<int, int>(remote, Handlers.SlowIdentity, x =>
        {
            results.Add(x);
            if (results.Count == 200)
            {
                halfway.TrySetResult();
            }
        }, chunkSize: 10, maxQueueSize: 8);

        task.Start();
        var feeding = Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                task.Compute(i);
            }

            task.TaskDone();
        });
        await halfway.Task.Within();
        await midTask();
        await feeding.Within();
        await task.JoinAsync().Within();
        return results;
    }

    public static Task FeedAndJoinAsync<TIn, TOut>(this ParallelProcessor<TIn, TOut> processor, IEnumerable<TIn> inputs) =>
        Task.Run(async () =>
        {
            processor.Map(inputs);
            processor.TaskDone();
            await processor.JoinAsync();
        }).Within();

    public static Task<TOut> FeedAndJoinAsync<TIn, TOut>(this MapReduce<TIn, TOut> mapReduce, IEnumerable<TIn> inputs) =>
        Task.Run(async () =>
        {
            mapReduce.Map(inputs);
            mapReduce.TaskDone();
            return await mapReduce.JoinAsync();
        }).Within();

    /// <summary>Runs a remote task over <paramref name="inputs"/>: Start, Compute each, TaskDone, Join.</summary>
    public static Task RunAsync<TIn, TOut>(RemoteTask<TIn, TOut> task, IEnumerable<TIn> inputs) =>
        Task.Run(async () =>
        {
            task.Start();
            foreach (var input in inputs)
            {
                task.Compute(input);
            }

            task.TaskDone();
            await task.JoinAsync();
        }).Within();
}
