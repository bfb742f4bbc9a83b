using System.Diagnostics;

namespace Rltk.Actors.Shipping;

/// <summary>
/// Where a worker keeps its sessions' files: a folder of its own, named after its process, so that a
/// worker starting up can delete the folders of killed workers, which had no chance to.
/// </summary>
internal static class WorkerFolder
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "rltk-worker");

    /// <summary>A new folder for a worker of this process (not yet created), after deleting those of workers no longer running.</summary>
    public static string Create()
    {
        DeleteAbandoned();
        return Path.Combine(Root, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    private static void DeleteAbandoned()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (int.TryParse(Path.GetFileName(folder).Split('-')[0], out var processId) && !IsRunning(processId))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception cannot) when (cannot is IOException or UnauthorizedAccessException)
                {
                    // Another user's worker, or a file still open: it is not ours to insist on.
                }
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
