using Rltk.Actors.Worker;

namespace Rltk.Actors;

/// <summary>
/// Where handlers find the files given to <see cref="Remote.AddDependencies"/> (rltk's <c>add_dependencies</c>):
/// each worker places them in a folder of the client session, deleted when the session ends.
/// </summary>
public static class Dependencies
{
    /// <summary>The full path on this worker of the dependency called <paramref name="fileName"/> (its name without folders).</summary>
    public static string PathOf(string fileName) => WorkerSession.Current is { } session
        ? session.PathOf(fileName)
        : throw new InvalidOperationException(
            "Dependencies.PathOf is called inside a handler running on a worker, for a task of the Remote that added the file.");

    /// <summary>The session's folder on this worker, where every dependency is placed (and native libraries are found).</summary>
    public static string Folder => WorkerSession.Current?.Folder
        ?? throw new InvalidOperationException(
            "Dependencies.Folder is read inside a handler running on a worker, for a task of the Remote that added the files.");
}
