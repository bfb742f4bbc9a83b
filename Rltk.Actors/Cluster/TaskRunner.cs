using System.Reflection;
using System.Runtime.ExceptionServices;
using Rltk.Actors.Actors;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Cluster;

/// <summary>One task's mapper on one worker mapper actor: made and entered at the task's first chunk, exited when it closes.</summary>
internal interface ITaskRunner
{
    ChunkResult Run(AssignChunk chunk);

    void Exit(Exception? error);
}

internal static class TaskRunner
{
    /// <summary>Makes the runner of a task, typed by the handler's input and output types.</summary>
    public static ITaskRunner Create(HandlerSpec handler, int mapperIndex)
    {
        var runnerType = typeof(TaskRunner<,>).MakeGenericType(
            HandlerShipping.LoadType(handler.InputType), HandlerShipping.LoadType(handler.OutputType));
        try
        {
            return (ITaskRunner)Activator.CreateInstance(runnerType, handler, mapperIndex)!;
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
            throw;
        }
    }

    public static RemoteFailure ToRemote(TaskFailedException failure)
    {
        var cause = failure.InnerException ?? failure;
        return new RemoteFailure(failure.Stage, SerializeOrNull(failure.Input), cause.GetType().FullName ?? cause.GetType().Name,
            cause.Message, cause.StackTrace);
    }

    private static byte[]? SerializeOrNull(object? input)
    {
        try
        {
            return input is null ? null : PayloadSerializer.Serialize(input);
        }
        catch (Exception)
        {
            return null; // the failure still arrives, without its input
        }
    }
}

internal sealed class TaskRunner<TIn, TOut> : ITaskRunner
{
    private readonly Mapper<TIn, TOut> _mapper;

    public TaskRunner(HandlerSpec handler, int mapperIndex)
    {
        _mapper = handler.IsMapperFactory
            ? HandlerShipping.Rebuild<Func<Mapper<TIn, TOut>>>(handler)()
            : new DelegateMapper<TIn, TOut>(Indexless(HandlerShipping.Rebuild<Func<TIn, TOut>>(handler)));
        _mapper.Index = mapperIndex;
        _mapper.Enter();
    }

    public ChunkResult Run(AssignChunk chunk)
    {
        var inputs = PayloadSerializer.DeserializeArray<TIn>(chunk.Inputs);
        var (outputs, failures) = ChunkMapping.Map(_mapper, inputs, keepOutputs: true, combine: null);
        byte[] serialized;
        try
        {
            serialized = PayloadSerializer.SerializeArray(outputs);
        }
        catch (Exception failure)
        {
            var unserializable = new TaskFailedException(FailureStage.Mapper, null, new InvalidOperationException(
                $"The outputs of {typeof(TOut)} cannot be serialized to send them to the client: {failure.Message}", failure));
            return new ChunkResult(chunk.TaskId, chunk.ChunkId, PayloadSerializer.SerializeArray(Array.Empty<TOut>()), inputs.Length,
                [TaskRunner.ToRemote(unserializable)]);
        }

        return new ChunkResult(chunk.TaskId, chunk.ChunkId, serialized, inputs.Length, failures.Select(TaskRunner.ToRemote).ToArray());
    }

    public void Exit(Exception? error) => _mapper.Exit(error);

    private static Func<int, TIn, TOut> Indexless(Func<TIn, TOut> handler) => (_, input) => handler(input);
}
