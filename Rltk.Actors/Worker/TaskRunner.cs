using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Rltk.Actors.Mapping;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Worker;

/// <summary>One task's mapper on one worker mapper actor: made and entered at the task's first chunk, exited when it closes.</summary>
internal interface ITaskRunner
{
    /// <summary>
    /// Runs a chunk; returns its result in as many pieces as it takes to keep each message within the frame,
    /// and its failures for the scheduler. For a suspect chunk, <paramref name="announce"/> is told (with no
    /// index) before it starts, and when it is watched input by input, each input's index before it runs; the
    /// inputs it skips as poison are among its failures.
    /// </summary>
    ChunkRun Run(AssignChunk chunk, Action<int?> announce);

    /// <summary>
    /// For a reduce task: this worker's context folded with its children's (serialized) in the tree, serialized;
    /// throws a <see cref="TaskFailedException"/> when the reducer does.
    /// </summary>
    (bool HasValue, byte[] Value) Combine(IEnumerable<(bool HasValue, byte[] Value)> children);

    void Exit(Exception? error);
}

/// <summary>A chunk as run: its result's pieces for the client, how long the run took (reading and writing its bytes too), how many inputs failed, and the first failures as text.</summary>
internal sealed record ChunkRun(IReadOnlyList<ChunkResult> Pieces, TimeSpan Elapsed, int Failed, IReadOnlyList<FailureNote> Notes);

internal static class TaskRunner
{
    // Enough of a chunk's failures for a person reading the status; the client gets them all.
    private const int NotesPerChunk = 3;

    /// <summary>The first failures of a chunk as text, for the scheduler's status.</summary>
    public static IReadOnlyList<FailureNote> NotesOf(IEnumerable<TaskFailedException> failures) =>
        failures.Take(NotesPerChunk)
            .Select(f => new FailureNote(TaskFailedException.Show(f.Input), $"{(f.InnerException ?? f).GetType().Name}: {(f.InnerException ?? f).Message}"))
            .ToArray();

    /// <summary>Makes the runner of a task in its client session, typed by the handler's input and output types.</summary>
    public static ITaskRunner Create(AssignedTask task, int mapperIndex, MessageLimits limits)
    {
        var (handler, session) = (task.Assignment.Handler, task.Session);
        using var _ = session.Activate();
        var runnerType = typeof(TaskRunner<,>).MakeGenericType(session.LoadType(handler.InputType), session.LoadType(handler.OutputType));
        try
        {
            return (ITaskRunner)Activator.CreateInstance(runnerType, task, mapperIndex, limits)!;
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
        var type = cause.GetType();
        return new RemoteFailure(failure.Stage, SerializeOrNull(failure.Input, payloads), type.FullName ?? type.Name, type.Assembly.GetName().Name ?? "",
            cause.Message ?? "", cause.StackTrace, (cause as KilledWorkerException)?.Workers);
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
    private readonly MessageLimits _limits;
    private readonly Func<TOut, TOut, TOut>? _reduce;
    private readonly ReduceContext _context;

    public TaskRunner(AssignedTask task, int mapperIndex, MessageLimits limits)
    {
        var (handler, session) = (task.Assignment.Handler, task.Session);
        (_session, _limits, _context) = (session, limits, task.Context);
        _reduce = handler.Reducer is { } reducer ? session.CreateDelegate<Func<TOut, TOut, TOut>>(reducer) : null;
        var createMapper = handler.Kind switch
        {
            HandlerKind.MapperFactory => session.CreateDelegate<Func<Mapper<TIn, TOut>>>(handler),
            HandlerKind.Calls => () => (Mapper<TIn, TOut>)(object)CallMapper.Create(session.MethodOf(handler), session, task.Cancelled),
            _ when session.MethodOf(handler).ReturnType == typeof(Task<TOut>) => Mappers.FromAsync(session.CreateDelegate<Func<TIn, Task<TOut>>>(handler)),
            _ => Mappers.From(session.CreateDelegate<Func<TIn, TOut>>(handler)),
        };
        _mapper = createMapper();
        _mapper.Index = mapperIndex;
        _mapper.Enter();
    }

    public ChunkRun Run(AssignChunk chunk, Action<int?> announce)
    {
        using var _ = _session.Activate();
        var begun = Stopwatch.GetTimestamp();
        if (chunk.Suspect is not null)
        {
            announce(null);
        }

        var payloads = _session.Payloads;
        var inputs = payloads.DeserializeArray<TIn>(chunk.Inputs);
        var skip = chunk.Suspect?.Skip ?? [];
        var beforeInput = chunk.Suspect is { EachInput: true } ? Watched(skip, announce) : null;
        var started = Stopwatch.GetTimestamp();
        var mapped = ChunkMapping.Map(_mapper, inputs, keepOutputs: true, combine: _reduce, beforeInput);
        var failures = mapped.Failures
            .Concat(skip.Select(skipped => new TaskFailedException(FailureStage.Mapper, inputs[skipped.Index], KilledWorkerException.OfInput(skipped.Workers))))
            .ToList();
        if (_reduce is { } reduce)
        {
            // A reduce task's outputs stay here, folded into this worker's context; only counts and failures travel.
            FoldIntoContext(mapped, reduce, failures);
            mapped = mapped with { Outputs = [], WithoutOutput = [] };
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var pieces = new List<(byte[] Outputs, int Count)>();
        Cut(mapped, inputs, 0, mapped.Outputs.Length, pieces, failures);
        var results = pieces.Select((piece, index) => new ChunkResult(
                chunk.TaskId, chunk.Key, index, pieces.Count, index == 0 ? elapsed : TimeSpan.Zero, piece.Outputs,
                // The last piece also accounts for the inputs with no output: failed, oversized, skipped.
                index == pieces.Count - 1 ? piece.Count + (inputs.Length - mapped.Outputs.Length) : piece.Count,
                index == pieces.Count - 1 ? failures.Select(failure => TaskRunner.ToRemote(failure, payloads)).ToArray() : []))
            .ToArray();
        return new ChunkRun(results, Stopwatch.GetElapsedTime(begun), failures.Count, TaskRunner.NotesOf(failures));
    }

    public (bool HasValue, byte[] Value) Combine(IEnumerable<(bool HasValue, byte[] Value)> children)
    {
        using var _ = _session.Activate();
        var (hasValue, value) = _context.Read<TOut>();
        foreach (var child in children.Where(c => c.HasValue))
        {
            var other = _session.Payloads.Deserialize<TOut>(child.Value);
            try
            {
                (hasValue, value) = (true, hasValue ? _reduce!(value, other) : other);
            }
            catch (Exception failure)
            {
                throw new TaskFailedException(FailureStage.Reducer, other, failure);
            }
        }

        return (hasValue, hasValue ? _session.Payloads.Serialize(value) : []);
    }

    public void Exit(Exception? error)
    {
        using var _ = _session.Activate();
        _mapper.Exit(error);
    }

    private void FoldIntoContext(MappedChunk<TOut> mapped, Func<TOut, TOut, TOut> reduce, List<TaskFailedException> failures)
    {
        foreach (var partial in mapped.Outputs)
        {
            try
            {
                _context.Fold(partial, reduce);
            }
            catch (Exception failure)
            {
                failures.Add(new TaskFailedException(FailureStage.Reducer, partial, failure));
            }
        }
    }

    /// <summary>A suspect chunk's run: each input is announced (and noted by the scheduler) before it runs; poison inputs are skipped.</summary>
    private static Func<int, bool> Watched(IReadOnlyList<SkippedInput> skip, Action<int?> announce) => index =>
    {
        if (skip.Any(skipped => skipped.Index == index))
        {
            return false;
        }

        announce(index);
        return true;
    };

    /// <summary>
    /// Serializes outputs [<paramref name="start"/>, <paramref name="end"/>) into pieces that each fit in a message,
    /// halving a range that does not; an output that alone does not fit fails its input.
    /// </summary>
    private void Cut(MappedChunk<TOut> mapped, TIn[] inputs, int start, int end, List<(byte[], int)> pieces, List<TaskFailedException> failures)
    {
        byte[] serialized;
        try
        {
            serialized = _session.Payloads.SerializeArray(mapped.Outputs[start..end]);
        }
        catch (Exception failure)
        {
            failures.Add(new TaskFailedException(FailureStage.Mapper, null, new InvalidOperationException(
                $"The outputs of {typeof(TOut)} cannot be serialized to send them to the client: {failure.Message}", failure)));
            // No bytes: a piece without outputs (serializing even an empty array of a refused type throws again).
            pieces.Add(([], end - start));
            return;
        }

        if (serialized.Length <= _limits.ChunkBytes || end - start == 0 || (end - start == 1 && serialized.Length <= _limits.MaxBytes))
        {
            pieces.Add((serialized, end - start));
        }
        else if (end - start == 1)
        {
            failures.Add(new TaskFailedException(FailureStage.Mapper, inputs[InputOf(mapped, start)], new InvalidOperationException(
                $"Its output is {_limits.Describe(serialized.Length)}.")));
            pieces.Add(([], 1));
        }
        else
        {
            var middle = start + (end - start) / 2;
            Cut(mapped, inputs, start, middle, pieces, failures);
            Cut(mapped, inputs, middle, end, pieces, failures);
        }
    }

    /// <summary>The index of the input whose output is <paramref name="output"/>: outputs follow the inputs that have one.</summary>
    private static int InputOf(MappedChunk<TOut> mapped, int output)
    {
        var input = output;
        foreach (var without in mapped.WithoutOutput.Order())
        {
            if (without <= input)
            {
                input++;
            }
        }

        return input;
    }
}
