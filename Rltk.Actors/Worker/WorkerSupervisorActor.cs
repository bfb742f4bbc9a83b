using Akka.Actor;
using Microsoft.Extensions.Logging;

namespace Rltk.Actors.Cluster;

/// <summary>
/// Keeps a worker node's agent running. An agent that fails is stopped, not restarted: what it promised
/// the scheduler (the chunks it holds, the files it has) goes with it — the scheduler, which watches it,
/// runs its chunks elsewhere — and a fresh agent, with new mappers and an empty file store, offers the
/// worker anew. Everything sent to the worker goes to its current agent.
/// </summary>
internal sealed class WorkerSupervisorActor : ReceiveActor
{
    public const string Name = "worker";

    private readonly Props _agentProps;
    private readonly ILogger _log;
    private IActorRef _agent;
    private int _generation;

    public WorkerSupervisorActor(Props agentProps, ILogger log)
    {
        (_agentProps, _log) = (agentProps, log);
        _agent = StartAgent();
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_agent), _ => _agent = StartAgent());
        ReceiveAny(message => _agent.Forward(message));
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(failure =>
    {
        _log.LogError(failure, "The worker's agent failed; a fresh one offers the worker again, and its chunks run anew");
        return Directive.Stop;
    });

    private IActorRef StartAgent() => Context.Watch(Context.ActorOf(_agentProps, $"agent-{++_generation}"));
}
