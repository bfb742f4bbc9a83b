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
        if (!task.IsCompleted)
        {
            // WaitAny does not throw: the result, or the task's own exception unwrapped, comes next.
            Blocking(() => Task.WaitAny(task));
        }

        task.GetAwaiter().GetResult();
    }

    public static T On<T>(Task<T> task)
    {
        On((Task)task);
        return task.GetAwaiter().GetResult();
    }

    public static void On(SemaphoreSlim semaphore, CancellationToken cancellationToken)
    {
        if (!semaphore.Wait(0, cancellationToken))
        {
            Blocking(() => semaphore.Wait(cancellationToken));
        }
    }

    private static void Blocking(Action wait)
    {
        if (!Thread.CurrentThread.IsThreadPoolThread)
        {
            wait();
            return;
        }

        Compensate(+1);
        try
        {
            wait();
        }
        finally
        {
            Compensate(-1);
        }
    }

    private static void Compensate(int blocked)
    {
        lock (Gate)
        {
            ThreadPool.GetMinThreads(out var workers, out var io);
            if (_blocked == 0)
            {
                _minimumBefore = workers;
            }

            _blocked += blocked;
            ThreadPool.SetMinThreads(_minimumBefore + _blocked, io);
        }
    }
}
