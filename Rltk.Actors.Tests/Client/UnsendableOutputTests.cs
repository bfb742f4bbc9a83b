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
}
