namespace Rltk.Actors;

/// <summary>The scheduler could not be reached, or stopped answering before a task completed.</summary>
public sealed class SchedulerUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
