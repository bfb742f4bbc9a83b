namespace Rltk.Actors;

/// <summary>Callbacks of a <see cref="RemoteTask{TIn,TOut}"/>: the same failure policy as the local engines.</summary>
public sealed record RemoteTaskOptions
{
    /// <summary>
    /// Null, the default: the first failure of user code stops the task and <c>Join</c> throws it.
    /// Set: the task goes on and this receives each failure, one call at a time.
    /// </summary>
    public Action<TaskFailedException>? OnError { get; init; }

    /// <summary>Cancels the task: waiting calls wake, queued chunks are dropped and <c>Join</c> throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Told the task's <see cref="RunProgress"/> every <see cref="ProgressInterval"/> while it moves, and once at
    /// the end; <see cref="ConsoleProgressBar"/> draws it.
    /// </summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>How often <see cref="Progress"/> may be told.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many inputs the task will have, for the progress's fraction and time left.</summary>
    public long? Total { get; init; }

    internal void Validate()
    {
        if (ProgressInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "ProgressInterval must be longer than zero.");
        }
    }
}
