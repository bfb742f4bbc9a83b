namespace Rltk.Actors.Flow;

/// <summary>
/// The waits of the synchronous API (<c>new Remote(…)</c>, <c>Start</c>, <c>Compute</c>, <c>Join</c>, …). A
/// thread-pool thread blocked here raises the pool's minimum by one while it waits: what it waits for
/// (Akka's dispatchers, the continuations of the client's awaits) runs on that same pool, which adds threads
/// for blocked ones slowly, so twenty callers blocked at once (<c>Parallel.For</c> over jobs) starved the
/// replies that would free them until an ask timed out. Off the pool, a wait is a plain wait.
/// </summary>
internal static class BlockingWait
{
    private static readonly Lock Gate = new();
    private static int _blocked;
    private static int _minimumBefore;

    public static void On(Task task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        using var _ = Enter();
        task.GetAwaiter().GetResult();
    }

    public static T On<T>(Task<T> task)
    {
        if (task.IsCompleted)
        {
            return task.GetAwaiter().GetResult();
        }

        using var _ = Enter();
        return task.GetAwaiter().GetResult();
    }

    public static void On(SemaphoreSlim semaphore, CancellationToken cancellationToken)
    {
        if (semaphore.Wait(0, cancellationToken))
        {
            return;
        }

        using var _ = Enter();
        semaphore.Wait(cancellationToken);
    }

    private static Compensation Enter()
    {
        if (!Thread.CurrentThread.IsThreadPoolThread)
        {
            return default;
        }

        lock (Gate)
        {
            ThreadPool.GetMinThreads(out var workers, out var io);
            if (_blocked++ == 0)
            {
                _minimumBefore = workers;
            }

            ThreadPool.SetMinThreads(_minimumBefore + _blocked, io);
        }

        return new Compensation(true);
    }

    private readonly record struct Compensation(bool Raised) : IDisposable
    {
        public void Dispose()
        {
            if (!Raised)
            {
                return;
            }

            lock (Gate)
            {
                ThreadPool.GetMinThreads(out _, out var io);
                ThreadPool.SetMinThreads(_minimumBefore + --_blocked, io);
            }
        }
    }
}
