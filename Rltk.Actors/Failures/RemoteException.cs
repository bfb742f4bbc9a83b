namespace Rltk.Actors;

/// <summary>
/// An exception thrown by user code on a cluster worker, as the client receives it: the original
/// exception's type name, message and stack trace (the exception object itself stays on the worker).
/// </summary>
public sealed class RemoteException(string remoteType, string message, string? remoteStackTrace) : Exception(message)
{
    /// <summary>The full name of the exception's type on the worker.</summary>
    public string RemoteType { get; } = remoteType;

    /// <summary>The stack trace on the worker.</summary>
    public string? RemoteStackTrace { get; } = remoteStackTrace;

    /// <inheritdoc />
    public override string? StackTrace => RemoteStackTrace;

    /// <inheritdoc />
    public override string ToString() => $"{RemoteType}: {Message}{Environment.NewLine}{RemoteStackTrace}";
}
