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
}
