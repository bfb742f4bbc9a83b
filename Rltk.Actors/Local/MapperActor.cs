using System.Diagnostics;
using Akka.Actor;
using Rltk.Actors.Flow;
using Rltk.Actors.Mapping;

namespace Rltk.Actors.Local;

/// <summary>
/// Runs one user mapper: <see cref="MapperBase.Enter"/> when the actor starts, <c>Process</c> for every
/// input of every <see cref="WorkChunk{TIn}"/> it receives, <see cref="MapperBase.Exit"/> when it stops.
/// Answers each chunk's sender with one <see cref="ResultChunk{TOut}"/>. A failing input becomes a
/// failure in that answer; an exception escaping the actor (Enter, or a fault of ours) goes to the
/// pool's supervisor.
/// </summary>
internal sealed class MapperActor<TIn, TOut> : ReceiveActor
{
    private readonly MapperPlan<TIn, TOut> _plan;
    private readonly Mapper<TIn, TOut> _mapper;
    private bool _entered;

    public MapperActor(MapperPlan<TIn, TOut> plan)
    {
        _plan = plan;
        _mapper = plan.CreateMapper();
        Receive<WorkChunk<TIn>>(Map);
    }

    protected override void PreStart()
    {
        _mapper.Index = _plan.NextIndex();
        _mapper.Enter();
        _entered = true;
    }

    protected override void PostStop()
    {
        if (!_entered)
        {
            return;
        }

        try
        {
            _mapper.Exit(_plan.Tracker.Failure);
        }
        catch (Exception exitFailure)
        {
            _plan.Tracker.Report(new TaskFailedException(FailureStage.Exit, null, exitFailure));
        }
    }

    private void Map(WorkChunk<TIn> chunk)
    {
        var tracker = _plan.Tracker;
        tracker.ReleaseChunkSlot();
        if (tracker.IsStopped)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var result = MapChunk(chunk);
        _plan.Sizer.Record(chunk.Inputs.Count, Stopwatch.GetElapsedTime(started));
        if (tracker.TryAcquireResultSlot())
        {
            Sender.Tell(result);
        }
    }

    private ResultChunk<TOut> MapChunk(WorkChunk<TIn> chunk)
    {
        var mapped = ChunkMapping.Map(_mapper, chunk.Inputs, _plan.KeepOutputs, _plan.Combine);
        return new ResultChunk<TOut>(chunk.ChunkId, mapped.Outputs, mapped.Failures, chunk.Inputs.Count);
    }
}
