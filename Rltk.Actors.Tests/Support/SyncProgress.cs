namespace Rltk.Actors.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that calls back at once, on the reporter's thread (System.Progress posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
