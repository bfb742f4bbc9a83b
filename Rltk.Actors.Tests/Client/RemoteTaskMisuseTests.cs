namespace Rltk.Actors.Tests.Client;

/// <summary>RemoteTask called out of turn: each a clear exception, never a hang.</summary>
public sealed class RemoteTaskMisuseTests : IAsyncLifetime
{
    private Remote _remote = null!;

    public Task InitializeAsync()
    {
        _remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _remote.DisposeAsync();

    [Fact]
    public void Compute_before_Start_says_to_call_Start()
    {
        var task = new RemoteTask<int, int>(_remote, x => x);

        Assert.Contains("Start()", Assert.Throws<InvalidOperationException>(() => task.Compute(1)).Message);
    }

    [Fact]
    public void A_second_Start_is_refused()
    {
        using var task = new RemoteTask<int, int>(_remote, x => x);
        task.Start();

        Assert.Contains("already", Assert.Throws<InvalidOperationException>(task.Start).Message);
    }

    [Fact]
    public async Task Join_before_TaskDone_says_to_call_TaskDone_instead_of_waiting_forever()
    {
        using var task = new RemoteTask<int, int>(_remote, x => x);
        task.Start();
        task.Compute(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => task.JoinAsync().Within());

        Assert.Contains("TaskDone()", error.Message);
    }

    [Fact]
    public async Task Compute_after_TaskDone_is_refused_and_the_task_still_completes()
    {
        var results = new List<int>();
        var task = new RemoteTask<int, int>(_remote, x => x + 1, results.Add);
        task.Start();
        task.Compute(1);
        task.TaskDone();

        Assert.Contains("TaskDone()", Assert.Throws<InvalidOperationException>(() => task.Compute(2)).Message);
        await task.JoinAsync().Within();
        Assert.Equal([2], results);
    }

    [Fact]
    public void Non_positive_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoteTask<int, int>(_remote, x => x, chunkSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoteTask<int, int>(_remote, x => x, maxQueueSize: 0));
    }

    [Fact]
    public async Task A_task_on_a_disposed_Remote_cannot_start()
    {
        var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });
        await remote.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(new RemoteTask<int, int>(remote, x => x).Start);
    }

    [Fact]
    public async Task Disposing_the_Remote_mid_task_ends_Join_with_OperationCanceled()
    {
        var remote = new Remote(new RemoteOptions { EmbeddedWorkers = 1 });
        var task = new RemoteTask<int, int>(remote, x => x);
        task.Start();
        task.Compute(1);

        await remote.DisposeAsync();

        // The failure may surface at TaskDone (its last chunk has nowhere to go) or at Join.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(async () =>
        {
            task.TaskDone();
            await task.JoinAsync();
        }).Within());
    }
}
