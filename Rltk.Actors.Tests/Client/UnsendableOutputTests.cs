namespace Rltk.Actors.Tests.Client;

public sealed class UnsendableOutputTests
{
    [Fact]
    public async Task Outputs_a_worker_cannot_serialize_fail_the_task_naming_their_type_not_the_mappers_enter()
    {
        await using var remote = new Remote();
        var task = new RemoteTask<int, FileInfo>(remote, i => new FileInfo($"/tmp/rltk-{i}"), _ => { }, chunkSize: 10);
        task.Start();
        for (var i = 0; i < 100; i++)
        {
            task.Compute(i);
        }

        task.TaskDone();
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => task.JoinAsync().Within());

        Assert.Equal(FailureStage.Mapper, failure.Stage);
        Assert.Contains("outputs of System.IO.FileInfo cannot be serialized", failure.ToString());
    }

    [Fact]
    public async Task Outputs_this_client_will_not_read_fail_their_chunk_naming_it_and_with_an_error_callback_the_rest_completes()
    {
        await using var remote = new Remote();

        // A worker serializes a FileInfo inside an object field; the client's Hyperion refuses to build it from the wire.
        var stopped = new RemoteTask<int, Boxed>(remote, WithFileAt37, _ => { }, chunkSize: 10);
        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => Runs.RunAsync(stopped, Enumerable.Range(0, 100)));
        Assert.Equal(FailureStage.Collector, failure.Stage);
        Assert.Contains("outputs of chunk", failure.Message);
        Assert.Contains("cannot be read on this client", failure.Message);

        var outputs = new List<int>();
        var reported = new List<TaskFailedException>();
        await Runs.RunAsync(
            new RemoteTask<int, Boxed>(remote, WithFileAt37, boxed => outputs.Add(boxed.X), chunkSize: 10, options: new RemoteTaskOptions { OnError = reported.Add }),
            Enumerable.Range(0, 100));
        Assert.Equal(FailureStage.Collector, Assert.Single(reported).Stage);
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i / 10 != 3), outputs.Order());
    }

    private static Boxed WithFileAt37(int x) => new() { X = x, Payload = x == 37 ? new FileInfo("/tmp/rltk-unreadable") : null };

    public sealed class Boxed
    {
        public int X { get; set; }

        public object? Payload { get; set; }
    }
}
