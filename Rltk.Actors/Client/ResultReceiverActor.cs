using Akka.Actor;
using Rltk.Actors.Protocol;

namespace Rltk.Actors.Client;

/// <summary>
/// Where a task's workers send its results: confirms each one to the scheduler the moment it arrives —
/// not when the output handler, which may be slow, gets to it — and passes it on to the task's session.
/// It is what the scheduler knows as the task's client, and watches.
/// </summary>
internal sealed class ResultReceiverActor : ReceiveActor
{
    public ResultReceiverActor(IActorRef scheduler, IActorRef session)
    {
        Receive<ChunkResult>(result =>
        {
            scheduler.Tell(new ChunkDelivered(result.TaskId, result.ChunkId));
            session.Forward(result);
        });
        Receive<ResultsUndelivered>(session.Forward);
    }
}
