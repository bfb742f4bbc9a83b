using System.Reflection;
using System.Runtime.ExceptionServices;
using Rltk.Actors.Mapping;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>One task's mapper on one worker mapper actor: made and entered at the task's first chunk, exited when it closes.</summary>
internal interface ITaskRunner
{
    ChunkResult Run(AssignChunk chunk);

    void Exit(Exception? error);
}

internal static class TaskRunner
{
    /// <summary>Makes the runner of a task in its client session, typed by the handler's input and output types.</summary>
    public static ITaskRunner Create(HandlerSpec handler, WorkerSession session, int mapperIndex)
    {
        using var _ = session.Activate();
        var runnerType = typeof(TaskRunner<,>).MakeGenericType(session.LoadType(handler.InputType), session.LoadType(handler.OutputType));
        try
        {
            return (ITaskRunner)Activator.CreateInstance(runnerType, handler, session, mapperIndex)!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
            throw;
        }
    }

    public static RemoteFailure ToRemote(TaskFailedException failure, PayloadSerializer payloads)
    {
        var cause = failure.InnerException ?? failure;
        return new RemoteFailure(failure.Stage, SerializeOrNull(failure.Input, payloads), cause.GetType().FullName ?? cause.GetType().Name,
            cause.Message, cause.StackTrace);
    }

    private static byte[]? SerializeOrNull(object? input, PayloadSerializer payloads)
    {
        try
        {
            return input is null ? null : payloads.Serialize(input);
        }
        catch (Exception)
        {
            return null; // the failure still arrives, without its input
        }
    }
}

internal sealed class TaskRunner<TIn, TOut> : ITaskRunner
{
    private readonly WorkerSession _session;
    private readonly Mapper<TIn, TOut> _mapper;

    public TaskRunner(HandlerSpec handler, WorkerSession session, int mapperIndex)
    {
        _session = session;
        var createMapper = handler.Kind switch
        {
            HandlerKind.MapperFactory => session.CreateDelegate<Func<Mapper<TIn, TOut>>>(handler),
            HandlerKind.Call => Mappers.Call<TIn, TOut>(session.CreateDelegate<Func<TOut>>(handler)),
            _ => Mappers.From(session.CreateDelegate<Func<TIn, TOut>>(handler)),
        };
        _mapper = createMapper();
        _mapper.Index = mapperIndex;
        _mapper.Enter();
    }

    public ChunkResult Run(AssignChunk chunk)
    {
        using var _ = _session.Activate();
        var payloads = _session.Payloads;
        var inputs = payloads.DeserializeArray<TIn>(chunk.Inputs);
        var (outputs, failures) = ChunkMapping.Map(_mapper, inputs, keepOutputs: true, combine: null);
        byte[] serialized;
        try
        {
            serialized = payloads.SerializeArray(outputs);
        }
        catch (Exception failure)
        {
            var unserializable = new TaskFailedException(FailureStage.Mapper, null, new InvalidOperationException(
                $"The outputs of {typeof(TOut)} cannot be serialized to send them to the client: {failure.Message}", failure));
            return new ChunkResult(chunk.TaskId, chunk.ChunkId, payloads.SerializeArray(Array.Empty<TOut>()), inputs.Length,
                [TaskRunner.ToRemote(unserializable, payloads)]);
        }

        return new ChunkResult(chunk.TaskId, chunk.ChunkId, serialized, inputs.Length,
            failures.Select(failure => TaskRunner.ToRemote(failure, payloads)).ToArray());
    }

    public void Exit(Exception? error)
    {
        using var _ = _session.Activate();
        _mapper.Exit(error);
    }
}
