using Rltk.Actors.Shipping;

namespace Rltk.Actors.Tests.Shipping;

public sealed class WorkerFolderTests
{
    [Fact]
    public void A_starting_worker_deletes_the_folders_of_workers_no_longer_running_and_keeps_the_others()
    {
        var root = Path.Combine(Path.GetTempPath(), "rltk-worker");
        // No process has this id (Linux stops at 2^22, Windows uses multiples of 4): a worker killed before it could clean up.
        var abandoned = Directory.CreateDirectory(Path.Combine(root, $"{int.MaxValue - 1}-{Guid.NewGuid():N}", "files")).Parent!.FullName;
        var running = Directory.CreateDirectory(Path.Combine(root, $"{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName;
        try
        {
            var fresh = WorkerFolder.Create();

            Assert.False(Directory.Exists(abandoned));
            Assert.True(Directory.Exists(running));
            Assert.StartsWith(Path.Combine(root, $"{Environment.ProcessId}-"), fresh);
        }
        finally
        {
            Directory.Delete(running);
        }
    }
}
