namespace Rltk.Actors.Wire;

// The inputs and outputs of a call stream: the calls a Remote submits of one function go through one task
// on the cluster, each call an input that carries its own target (the values its lambda captured) and
// argument, serialized one by one on the client so that a value that cannot travel fails its call alone.

/// <summary>One call: its number in its stream, its delegate's serialized target (null for a static method) and its serialized argument.</summary>
internal sealed record CallInput(long Id, byte[]? Target, byte[] Argument);

/// <summary>A call's serialized result; <paramref name="Ran"/> is false for a call cancelled before it started, which did not run.</summary>
internal sealed record CallOutput(long Id, bool Ran, byte[] Value);
