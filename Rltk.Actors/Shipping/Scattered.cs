using Rltk.Actors.Shipping;

namespace Rltk.Actors;

/// <summary>
/// A value put on every worker once by <see cref="Remote.Scatter{T}"/> (dask's <c>scatter</c>): a handler
/// captures this handle, which is small, and reads <see cref="Value"/> on the worker, where it is
/// deserialized once per worker and shared by the worker's mappers — treat it as read-only.
/// </summary>
public sealed class Scattered<T>
{
    internal Scattered(string hash) => Hash = hash;

    /// <summary>The SHA-256 of the serialized value, which names it on the workers.</summary>
    public string Hash { get; }

    /// <summary>The value; read it inside a handler of a task of the <see cref="Remote"/> that scattered it.</summary>
    public T Value => WorkerSession.Current is { } session
        ? session.ReadScattered<T>(Hash)
        : throw new InvalidOperationException(
            "A scattered value is read inside a handler running on a worker, for a task of the Remote that scattered it.");
}

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
