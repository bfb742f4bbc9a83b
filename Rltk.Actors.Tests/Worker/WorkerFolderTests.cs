
using Rltk.Actors.Worker;

namespace Rltk.Actors.Tests.Worker;

public sealed class WorkerFolderTests
{
    [Fact]
    public void A_starting_worker_deletes_the_folders_of_workers_no_longer_running_and_keeps_the_others()
    {
        // No process has this id (Linux stops at 2^22, Windows uses multiples of 4): a worker killed before it could clean up.
        var abandoned = Directory.CreateTempSubdirectory($"rltk-worker-{int.MaxValue - 1}-").FullName;
        Directory.CreateDirectory(Path.Combine(abandoned, "files"));
        var running = Directory.CreateTempSubdirectory($"rltk-worker-{Environment.ProcessId}-").FullName;
        string? fresh = null;
        try
        {
            fresh = WorkerFolder.Create();

            Assert.False(Directory.Exists(abandoned));
            Assert.True(Directory.Exists(running));
            Assert.StartsWith($"rltk-worker-{Environment.ProcessId}-", Path.GetFileName(fresh));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(fresh));
            }
        }
        finally
        {
            Directory.Delete(running);
            if (fresh is not null)
            {
                Directory.Delete(fresh);
            }
        }
    }
}
