namespace Rltk.Actors.Failures;

internal static class ExceptionExtensions
{
    /// <summary>The exception at the bottom of the chain: the one whose message says what went wrong.</summary>
    public static Exception Innermost(this Exception failure)
    {
        while (failure.InnerException is { } inner)
        {
            failure = inner;
        }

        return failure;
    }
}
