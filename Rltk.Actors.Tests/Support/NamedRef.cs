using Akka.Actor;

namespace Rltk.Actors.Tests.Support;

/// <summary>An actor reference with no actor system behind it: a distinct name for the plain state classes to key on.</summary>
internal sealed class NamedRef(string name) : MinimalActorRef
{
    public override ActorPath Path { get; } = new RootActorPath(new Address("akka", "state-tests")) / name;

    public override IActorRefProvider Provider => throw new NotSupportedException("A NamedRef has no actor system.");
}
