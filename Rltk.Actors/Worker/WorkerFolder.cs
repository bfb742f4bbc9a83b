using System.Diagnostics;

namespace Rltk.Actors.Worker;

/// <summary>
/// Where a worker keeps its sessions' files: a folder of its own in the temp folder, readable by its
/// user only (other local users must not swap the code it loads), named after its process so that a
/// worker starting up can delete the folders of killed workers, which had no chance to.
/// </summary>
internal static class WorkerFolder
{
    private const string Prefix = "rltk-worker-";

    /// <summary>Creates a folder for a worker of this process, after deleting those of workers no longer running.</summary>
    public static string Create()
    {
        DeleteAbandoned();
        return Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
    }

    private static void DeleteAbandoned()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), $"{Prefix}*"))
        {
            if (int.TryParse(Path.GetFileName(folder)[Prefix.Length..].Split('-')[0], out var processId) && !IsRunning(processId))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception cannot) when (cannot is IOException or UnauthorizedAccessException)
                {
                    // Another user's worker: not ours to delete.
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
        catch (System.ComponentModel.Win32Exception)
        {
            return true; // a process we may not look at: not a worker of ours
        }
    }
}
