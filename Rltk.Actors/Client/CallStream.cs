using Akka.Actor;
using Rltk.Actors.Flow;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// The calls a <see cref="Remote"/> submits of one function (dask's <c>submit</c>): one task on the cluster,
/// open for the Remote's life, whose inputs are the calls. A call goes out at once while few chunks are in
/// flight, so a lone call waits for nothing; under load, calls gather into chunks sized from what a call
/// costs on the workers, so ten thousand calls cost a few messages. Each call is its own
/// <see cref="Task{TResult}"/>: it fails, or is cancelled, alone.
/// </summary>
internal sealed class CallStream<TIn, TOut>
{
    // Enough chunks in flight to keep a large cluster busy with single expensive calls; the scheduler
    // still gives no worker more than its credit.
    private const int MaxChunksInFlight = 64;

    private readonly Remote _remote;
    private readonly Guid _taskId = Guid.NewGuid();
    private readonly BatchSizer _sizer = BatchSizer.Auto(TimeSpan.FromMilliseconds(2), maxSize: 8192);
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly Dictionary<long, long[]> _callsOfChunk = [];
    private readonly List<CallInput> _waiting = [];
    private IActorRef _receiver = ActorRefs.Nobody;
    private long _nextCall;
    private long _nextChunk;
    private int _chunksInFlight;
    private bool _retired;
    private int _closed;
    private Exception? _broken;

    private CallStream(Remote remote, SchedulerConnection connection) => (_remote, Connection) = (remote, connection);

    /// <summary>Set once the stream can take no more calls: its scheduler went, or its Remote was disposed.</summary>
    public bool IsBroken => Volatile.Read(ref _broken) is not null;

    /// <summary>The scheduler the stream's task is open on.</summary>
    public SchedulerConnection Connection { get; }

    /// <summary>Ships the function's code and opens the stream's task on the scheduler.</summary>
    public static async Task<CallStream<TIn, TOut>> OpenAsync(Remote remote, Delegate function)
    {
        var connection = await remote.ConnectionAsync().ConfigureAwait(false);
        var stream = new CallStream<TIn, TOut>(remote, connection);
        var code = AssemblyClosure.RootsOf(function, typeof(TIn), typeof(TOut));
        var files = await connection.Session.FilesForAsync(code).ConfigureAwait(false);
        var handler = HandlerShipping.Describe<CallInput, CallOutput>(function, HandlerKind.Calls, target: null);
        var name = $"calls of {HandlerShipping.NameOf(function)}";
        var reopen = remote.ReopenerOf(connection, stream._taskId, name, handler, code);
        stream._receiver = connection.System.ActorOf(
            Props.Create(() => new CallReceiverActor(connection.Scheduler, remote.MessageLimits, stream.Deliver, stream.Break, remote.Disposing, reopen)),
            $"calls-{stream._taskId:N}");
        try
        {
            await remote.OpenTaskAsync(connection, new OpenTask(stream._taskId, connection.Session.Id, name, handler, files, stream._receiver)).ConfigureAwait(false);
        }
        catch
        {
            connection.System.Stop(stream._receiver);
            throw;
        }

        return stream;
    }

    /// <summary>Submits one call: its serialized target and argument. Null once the stream is retired: take the function's current stream.</summary>
    public Task<TOut>? CallAsync(byte[]? target, byte[] argument, TIn input, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TOut>(cancellationToken);
        }

        var call = new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously);
        long id;
        (long, List<CallInput>)? chunk;
        lock (_gate)
        {
            if (_broken is { } broken)
            {
                return Task.FromException<TOut>(broken);
            }

            if (_retired)
            {
                return null;
            }

            id = _nextCall++;
            _pending[id] = new Pending(call, input);
            _waiting.Add(new CallInput(id, target, argument));
            chunk = TakeChunkIfFree();
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Cancel(id, cancellationToken));
            call.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        SendWhileFree(chunk);
        return call.Task;
    }

    /// <summary>Closes the stream's task on the scheduler: calls still pending fail.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _receiver.Tell(new CloseTask(_taskId));
            _receiver.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>
    /// Its Remote opened another stream of the function (this one's scheduler was replaced while it was found
    /// again): this one takes no more calls, and closes its task once its calls have their results.
    /// </summary>
    public void Retire()
    {
        bool idle;
        lock (_gate)
        {
            _retired = true;
            idle = _pending.Count == 0;
        }

        if (idle)
        {
            Close();
        }
    }

    /// <summary>A chunk of results has arrived whole (on the receiver's thread): each call gets its result, or its failure.</summary>
    private void Deliver(CallReceiverActor.Delivery delivery)
    {
        (long, List<CallInput>)? next;
        bool done;
        lock (_gate)
        {
            if (delivery.Elapsed > TimeSpan.Zero && _callsOfChunk.TryGetValue(delivery.Chunk, out var sent))
            {
                _sizer.Record(sent.Length, delivery.Elapsed);
            }

            foreach (var output in delivery.Outputs.Where(o => o.Ran))
            {
                if (_pending.Remove(output.Id, out var pending))
                {
                    Complete(pending, output);
                }
            }

            foreach (var (id, failure) in delivery.Failures)
            {
                if (id is { } callId && _pending.Remove(callId, out var pending))
                {
                    pending.Call.TrySetException(new TaskFailedException(failure.Stage, pending.Input, failure.InnerException!));
                }
            }

            if (delivery.Complete && _callsOfChunk.Remove(delivery.Chunk, out var calls))
            {
                // Calls left without a word: the chunk failed as a whole (its handler could not be made there).
                var whole = delivery.Failures.FirstOrDefault(f => f.CallId is null).Failure;
                foreach (var id in calls)
                {
                    if (_pending.Remove(id, out var pending))
                    {
                        pending.Call.TrySetException(whole is null
                            ? new InvalidOperationException($"Call {id} came back with no result.")
                            : new TaskFailedException(whole.Stage, pending.Input, whole.InnerException!));
                    }
                }

                _chunksInFlight--;
            }

            next = TakeChunkIfFree();
            done = _retired && _pending.Count == 0;
        }

        SendWhileFree(next);
        if (done)
        {
            Close();
        }
    }

    /// <summary>The stream can go on no more: every pending call fails with <paramref name="reason"/>, and so will later ones.</summary>
    private void Break(Exception reason)
    {
        Pending[] pending;
        lock (_gate)
        {
            _broken ??= reason;
            pending = [.. _pending.Values];
            _pending.Clear();
            _waiting.Clear();
        }

        foreach (var call in pending)
        {
            call.Call.TrySetException(reason);
        }
    }

    private void Cancel(long id, CancellationToken token)
    {
        bool sent;
        lock (_gate)
        {
            if (!_pending.Remove(id, out var pending))
            {
                return;
            }

            pending.Call.TrySetCanceled(token);
            sent = _waiting.RemoveAll(call => call.Id == id) == 0;
        }

        if (sent)
        {
            // On its way or waiting on a worker: the worker will skip it, if it has not started it.
            _receiver.Tell(new CancelCalls(_taskId, [id]));
        }
    }

    /// <summary>The next chunk of waiting calls and its number, if a chunk may go now; called under the lock.</summary>
    private (long Chunk, List<CallInput> Calls)? TakeChunkIfFree()
    {
        if (_waiting.Count == 0 || _chunksInFlight >= MaxChunksInFlight)
        {
            return null;
        }

        var taken = _waiting.GetRange(0, Math.Min(_waiting.Count, _sizer.Next()));
        _waiting.RemoveRange(0, taken.Count);
        var chunk = _nextChunk++;
        _callsOfChunk[chunk] = taken.Select(call => call.Id).ToArray();
        _chunksInFlight++;
        return (chunk, taken);
    }

    /// <summary>Sends chunks while calls wait and chunks may go.</summary>
    private void SendWhileFree((long Chunk, List<CallInput> Calls)? next)
    {
        while (next is var (chunk, calls))
        {
            try
            {
                var parts = PayloadSerializer.Shared.SerializeInputs(calls, _remote.MessageLimits);
                for (var part = 0; part < parts.Count; part++)
                {
                    _receiver.Tell(new SubmitChunk(_taskId, new ChunkKey(chunk, part, parts.Count), parts[part].Bytes, parts[part].Count));
                }
            }
            catch (ArgumentException unsendable)
            {
                // Each call was checked alone; together they cannot be sent: fail them, and go on with the rest.
                Deliver(new CallReceiverActor.Delivery(chunk, true, TimeSpan.Zero, [], [(null, new TaskFailedException(FailureStage.Mapper, null, unsendable))]));
            }

            lock (_gate)
            {
                next = TakeChunkIfFree();
            }
        }
    }

    private static void Complete(Pending pending, CallOutput output)
    {
        try
        {
            pending.Call.TrySetResult(PayloadSerializer.Shared.Deserialize<TOut>(output.Value));
        }
        catch (Exception unreadable)
        {
            pending.Call.TrySetException(unreadable);
        }
    }

    private sealed record Pending(TaskCompletionSource<TOut> Call, TIn Input);
}
