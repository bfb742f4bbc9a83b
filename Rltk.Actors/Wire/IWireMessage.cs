namespace Rltk.Actors.Wire;

/// <summary>
/// A message that crosses the network between a client, the scheduler and the workers. The marker binds
/// them all to one serializer (Hyperion, unsafe types refused); nothing else is bound to it.
/// </summary>
internal interface IWireMessage;
