using Rltk.Actors.Worker;

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
