namespace Rltk.Actors;

/// <summary>
/// Progress of a run, as pyrallel reports it: tasks added by the producer, loaded by a mapper,
/// and processed all the way through the collector (or reducers).
/// </summary>
public readonly record struct Progress(long Added, long Loaded, long Processed);
