namespace Rltk.Actors.Failures;

/// <summary>
/// Why a scheduler that runs could not be reached again (the inner exception of a <see cref="SchedulerUnavailableException"/>):
/// it refused this client's node for a quarantine. Only a new client node is let in.
/// </summary>
internal sealed class CutOffException(string refusal) : Exception(refusal);
