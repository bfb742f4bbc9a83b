using System.Runtime.ExceptionServices;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>Failures that happened on workers, as the client throws them.</summary>
internal static class RemoteFailures
{
    /// <summary>
    /// A worker's failure report, with its input read back: the handler's own exception type when this
    /// process can make one (with the worker's message and stack), otherwise a <see cref="RemoteException"/>.
    /// </summary>
    public static TaskFailedException ToLocal(RemoteFailure failure, PayloadSerializer payloads)
    {
        object? input = null;
        if (failure.Input is not null)
        {
            try
            {
                input = payloads.Deserialize<object>(failure.Input);
            }
            catch (Exception)
            {
                // The failure is reported without its input.
            }
        }

        return new TaskFailedException(failure.Stage, input, Rebuild(failure));
    }

    /// <summary>A chunk that killed workers before any of its inputs could be named.</summary>
    public static TaskFailedException ChunkKilledWorkers(ChunkKilledWorkers killed) =>
        new(FailureStage.Mapper, null, KilledWorkerException.OfChunk(killed.Workers, killed.Key.ToString()));

    /// <summary>Why a task or call ends when its scheduler's actor is gone: its Remote was disposed, or the scheduler was lost.</summary>
    public static Exception SchedulerLost(Akka.Actor.IActorRef scheduler, CancellationToken disposing, string what) =>
        disposing.IsCancellationRequested
            ? RemoteDisposed(what)
            : new SchedulerUnavailableException(scheduler.Path.Address is { Host: { } host, Port: { } port }
                ? $"The scheduler at {host}:{port} stopped answering before the {what} completed; a task or call started from now on looks for it there again."
                : $"The embedded cluster's scheduler stopped before the {what} completed.");

    /// <summary>Where a scheduler listens, as a user writes it.</summary>
    public static string HostPortOf(Akka.Actor.IActorRef scheduler) => $"{scheduler.Path.Address.Host}:{scheduler.Path.Address.Port}";

    /// <summary>The scheduler of a task or call stopped answering, and none took it up again at its address.</summary>
    public static Exception SchedulerNotFoundAgain(Akka.Actor.IActorRef scheduler, string what, Exception why) =>
        new SchedulerUnavailableException(
            $"The scheduler at {HostPortOf(scheduler)} stopped answering before the {what} completed, " +
            $"and no scheduler took the {what} up again there: {why.Message}", why);

    public static OperationCanceledException RemoteDisposed(string what) => new($"The {what}'s Remote was disposed before the {what} completed.");

    private static Exception Rebuild(RemoteFailure failure)
    {
        if (failure.KilledWorkers is { } workers)
        {
            return new KilledWorkerException(workers, failure.Message);
        }

        if (Type.GetType($"{failure.ExceptionType}, {failure.ExceptionAssembly}", throwOnError: false) is { } type
            && typeof(Exception).IsAssignableFrom(type)
            // (message, inner) first: for some exceptions (ArgumentNullException) a lone string is a parameter name.
            && (type.GetConstructor([typeof(string), typeof(Exception)]) ?? type.GetConstructor([typeof(string)])) is { } constructor)
        {
            try
            {
                var exception = (Exception)constructor.Invoke(constructor.GetParameters().Length == 2 ? [failure.Message, null] : [failure.Message]);
                return failure.StackTrace is null ? exception : ExceptionDispatchInfo.SetRemoteStackTrace(exception, failure.StackTrace);
            }
            catch (Exception)
            {
                // Its constructor will not take the message: keep the worker's words as they are.
            }
        }

        return new RemoteException(failure.ExceptionType, failure.Message, failure.StackTrace);
    }
}
