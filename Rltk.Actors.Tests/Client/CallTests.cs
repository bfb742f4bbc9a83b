namespace Rltk.Actors.Tests.Client;

/// <summary>dask's submit, map, gather and as_completed on a Remote: many calls at once, each its own task.</summary>
public sealed class CallTests
{
    [Fact]
    public async Task Ten_thousand_concurrent_calls_all_complete_correctly_without_starving_the_client()
    {
        using var log = new LogCapture();
        await using var remote = await Remote.StartEmbeddedAsync(new RemoteOptions { EmbeddedWorkers = 2, LoggerFactory = log.Factory });

        var calls = Enumerable.Range(0, 10_000).Select(i => remote.SubmitAsync(x => x * 2L, i)).ToArray();
        var results = await Task.WhenAll(calls).Within();

        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => i * 2L), results);
        Assert.Empty(log.Problems);
    }

    [Fact]
    public async Task Map_returns_results_in_input_order_and_AsCompleted_yields_each_once()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });
        var offset = 100;

        var mapped = await remote.MapAsync(Plus(offset), Enumerable.Range(0, 5_000)).Within();
        Assert.Equal(Enumerable.Range(100, 5_000), mapped);

        var seen = new List<int>();
        await foreach (var result in Remote.AsCompleted(Enumerable.Range(0, 300).Select(i => remote.SubmitAsync(Square, i))))
        {
            seen.Add(result);
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => i * i), seen.Order());
    }

    [Fact]
    public async Task A_failing_call_fails_alone_with_its_own_exception_type_and_input()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var calls = Enumerable.Range(0, 20).Select(i => remote.SubmitAsync(Handlers.FailOnSeven, i)).ToArray();

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => calls[7].Within());
        Assert.Equal(7, failure.Input);
        Assert.IsType<FormatException>(failure.InnerException);
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i != 7), await Task.WhenAll(calls.Where((_, i) => i != 7)).Within());
    }

    [Fact]
    public async Task A_capture_that_cannot_travel_is_named_in_one_paragraph()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        // Thrown by the call itself, before any task exists.
        var error = Assert.Throws<ArgumentException>(() => { _ = remote.SubmitAsync(Capturing(new Unserializable())); });
        Assert.Contains("captures 'unsendable', of type " + typeof(Unserializable).FullName, error.Message);
        Assert.Contains("static method", error.Message);
        Assert.DoesNotContain(" at ", error.Message);
        Assert.Null(error.InnerException);

        // The trap of a program's top level: a lambda that captures nothing it needs shares its closure with
        // the lambda beside it, which uses the Remote.
        var factor = 3;
        var shared = Assert.Throws<ArgumentException>(() => { _ = remote.SubmitAsync(() => factor * remote.GetHashCode()); });
        Assert.Contains("captures 'remote', of type Rltk.Actors.Remote", shared.Message);
    }

    [Fact]
    public async Task An_argument_that_cannot_travel_is_named()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });

        var error = Assert.Throws<ArgumentException>(() => { _ = remote.SubmitAsync(x => x.GetHashCode(), new Unserializable()); });

        Assert.Contains("Unserializable#42", error.Message);
    }

    [Fact]
    public async Task A_task_reads_its_results_as_they_complete_instead_of_through_an_output_handler()
    {
        await using var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 2 });
        var task = new RemoteTask<int, int>(remote, Square, chunkSize: 10, maxQueueSize: 2);
        var results = task.ResultsAsync();
        await task.StartAsync().Within();

        var feeding = Task.Run(async () =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                await task.ComputeAsync(i);
            }

            task.TaskDone();
        });
        var seen = new List<int>();
        await foreach (var result in results)
        {
            seen.Add(result);
        }

        await feeding.Within();
        await task.JoinAsync().Within();
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => i * i), seen.Order());
        Assert.Throws<InvalidOperationException>(() => new RemoteTask<int, int>(remote, Square, _ => { }).ResultsAsync());
    }

    private static int Square(int x) => x * x;

    private static Func<int, int> Plus(int offset) => x => x + offset;

    private static Func<int> Capturing(Unserializable unsendable) => () => unsendable.GetHashCode();
}
