using Akka.Actor;
using Akka.Remote;

namespace Rltk.Actors.Client;

/// <summary>
/// One scheduler a <see cref="Remote"/> found, this client's session there, and whether the scheduler may be
/// gone since. The connection to it dropped: it may have been restarted — another actor, which knows nothing
/// of this session — so <see cref="SchedulerLink"/> looks for it again before the next use. Its DeathWatch
/// fired: it is gone.
/// </summary>
internal sealed class SchedulerConnection
{
    private int _state;

    private SchedulerConnection(ActorSystem system, IActorRef scheduler, ClientSession session) => (System, Scheduler, Session) = (system, scheduler, session);

    /// <summary>This client's node the session belongs to: a task's actors live there, to be reached from the cluster.</summary>
    public ActorSystem System { get; }

    public IActorRef Scheduler { get; }

    public ClientSession Session { get; }

    /// <summary>True once the connection dropped or the scheduler was seen to terminate: look for the scheduler again before using it.</summary>
    public bool IsInDoubt => Volatile.Read(ref _state) != Live;

    /// <summary>True once the scheduler was seen to terminate.</summary>
    public bool IsLost => Volatile.Read(ref _state) == Lost;

    private const int Live = 0, Dropped = 1, Lost = 2;

    /// <summary>Opens this client's session on <paramref name="scheduler"/>, and watches the scheduler from <paramref name="system"/>.</summary>
    /// <exception cref="SchedulerUnavailableException">The scheduler did not open the session within <paramref name="timeout"/>; <paramref name="who"/> names it.</exception>
    public static async Task<SchedulerConnection> OpenAsync(ActorSystem system, IActorRef scheduler, TimeSpan timeout, string who)
    {
        ClientSession session;
        try
        {
            session = await ClientSession.OpenAsync(system, scheduler, timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException timedOut)
        {
            throw new SchedulerUnavailableException($"{who} did not open a session within {timeout}.", timedOut);
        }

        var connection = new SchedulerConnection(system, scheduler, session);
        var watch = system.ActorOf(Props.Create(() => new WatchActor(connection)));
        // Subscribed here, not when the actor starts: a connection that drops in between is not missed.
        system.EventStream.Subscribe(watch, typeof(DisassociatedEvent));
        return connection;
    }

    /// <summary>Something watching the scheduler saw it terminate before this connection's own watch did.</summary>
    public void Lose() => Mark(Lost);

    /// <summary>The scheduler found at its address again is this one: the connection is live again (unless it was lost).</summary>
    public void Confirmed() => Interlocked.CompareExchange(ref _state, Live, Dropped);

    private void Mark(int state)
    {
        int seen;
        do
        {
            seen = Volatile.Read(ref _state);
        }
        while (seen < state && Interlocked.CompareExchange(ref _state, state, seen) != seen);
    }

    private sealed class WatchActor : ReceiveActor
    {
        private readonly SchedulerConnection _connection;

        public WatchActor(SchedulerConnection connection)
        {
            _connection = connection;
            Receive<DisassociatedEvent>(dropped => dropped.RemoteAddress.Equals(_connection.Scheduler.Path.Address), _ => _connection.Mark(Dropped));
            Receive<DisassociatedEvent>(_ => { });
            Receive<Terminated>(_ =>
            {
                _connection.Mark(Lost);
                Context.Stop(Self);
            });
        }

        protected override void PreStart() => Context.Watch(_connection.Scheduler);

        protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
    }
}
