namespace Rltk.Actors.Tests.Client;

/// <summary>Async handlers (returning <c>Task&lt;T&gt;</c>): the worker waits for each task and sends back its result.</summary>
public sealed class AsyncHandlerTests
{
    [Fact]
    public async Task Submit_map_and_a_task_of_an_async_function_deliver_what_its_task_returns()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });

        Assert.Equal(42, await remote.SubmitAsync(AnswerLaterAsync).Within());
        Assert.Equal(49, await remote.SubmitAsync(SquareLaterAsync, 7).Within());
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i * i), await remote.MapAsync(SquareLaterAsync, Enumerable.Range(0, 500)).Within());

        var squares = new List<int>();
        var task = new RemoteTask<int, int>(remote, SquareLaterAsync, squares.Add, chunkSize: 10);
        await Runs.RunAsync(task, Enumerable.Range(0, 1_000));
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i * i), squares.Order());
    }

    [Fact]
    public async Task An_async_handler_that_throws_after_awaiting_fails_with_its_own_exception_and_input()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var call = await Assert.ThrowsAsync<TaskFailedException>(() => remote.SubmitAsync(FailLaterOnSevenAsync, 7).Within());
        Assert.Equal(7, call.Input);
        Assert.IsType<FormatException>(call.InnerException);

        var task = new RemoteTask<int, int>(remote, FailLaterOnSevenAsync, chunkSize: 5);
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => Runs.RunAsync(task, Enumerable.Range(0, 20)));
        Assert.Equal(7, failure.Input);
        Assert.IsType<FormatException>(failure.InnerException);
    }

    [Fact]
    public async Task A_handler_whose_output_is_itself_a_task_is_refused_saying_how_to_declare_it()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var task = Assert.Throws<ArgumentException>(() => new RemoteTask<int, Task<int>>(remote, SquareLaterAsync));
        Assert.Contains("returns a Task<Int32>, which cannot travel back from a worker", task.Message);
        Assert.Contains("new RemoteTask<TIn, T>", task.Message);

        // An async lambda with no result is a Func<Task>: there is nothing to send back.
        var call = Assert.Throws<ArgumentException>(() => { _ = remote.SubmitAsync(async () => await Task.Yield()); });
        Assert.Contains("returns a Task,", call.Message);
        Assert.Throws<ArgumentException>(() => { _ = remote.SubmitAsync(x => ValueTask.FromResult(x), 1); });
        Assert.Throws<ArgumentException>(() => { _ = remote.MapAsync<int, Task<int>>(SquareLaterAsync, [1]); });
        Assert.Throws<ArgumentException>(() => new RemoteMapReduce<int, Task<int>>(remote, SquareLaterAsync, (a, _) => a));
    }

    private static async Task<int> AnswerLaterAsync()
    {
        await Task.Yield();
        return 42;
    }

    private static async Task<int> SquareLaterAsync(int x)
    {
        await Task.Delay(x % 50 == 0 ? 1 : 0);
        await Task.Yield();
        return x * x;
    }

    private static async Task<int> FailLaterOnSevenAsync(int x)
    {
        await Task.Yield();
        return x == 7 ? throw new FormatException("seven") : x;
    }
}
