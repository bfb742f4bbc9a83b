using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Remote;
using Rltk.Actors.Failures;

namespace Rltk.Actors.Client;

/// <summary>
/// The addresses that refused this client's node for a quarantine, by either side: after they stopped hearing
/// each other for longer than the remote watch allows, Akka refuses that pair of nodes for good. Watched for the
/// node's whole life, because the refusal comes whenever Akka retries the connection, not when a look asks.
/// </summary>
internal sealed class QuarantineRefusals : IExtension
{
    private readonly ConcurrentDictionary<(string? Host, int? Port), string> _refused = new();

    public static QuarantineRefusals Of(ActorSystem system) => system.WithExtension<QuarantineRefusals, Id>();

    /// <summary>Why <paramref name="host"/>:<paramref name="port"/> refused this node; null while it has not.</summary>
    public string? Refusal(string host, int port) => _refused.GetValueOrDefault((host, port));

    private sealed class Id : ExtensionIdProvider<QuarantineRefusals>
    {
        public override QuarantineRefusals CreateExtension(ExtendedActorSystem system)
        {
            var refusals = new QuarantineRefusals();
            var listener = system.SystemActorOf(Props.Create(() => new Listener(refusals._refused)), "rltk-quarantine-refusals");
            system.EventStream.Subscribe(listener, typeof(ThisActorSystemQuarantinedEvent));
            system.EventStream.Subscribe(listener, typeof(AssociationErrorEvent));
            return refusals;
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(ConcurrentDictionary<(string?, int?), string> refused)
        {
            Receive<ThisActorSystemQuarantinedEvent>(quarantined => refused[(quarantined.RemoteAddress.Host, quarantined.RemoteAddress.Port)] = quarantined.ToString());
            Receive<AssociationErrorEvent>(
                // Akka says a quarantine, by either side, only in its message.
                failed => failed.Cause?.Innermost().Message.Contains("quarantined", StringComparison.Ordinal) == true,
                failed => refused[(failed.RemoteAddress.Host, failed.RemoteAddress.Port)] = failed.Cause.Innermost().Message);
            Receive<AssociationErrorEvent>(_ => { });
        }
    }
}
