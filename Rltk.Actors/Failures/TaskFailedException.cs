namespace Rltk.Actors;

/// <summary>Where in a run user code failed.</summary>
public enum FailureStage
{
    /// <summary><see cref="MapperBase.Enter"/> of a mapper.</summary>
    Enter,
    /// <summary>The mapper, on one input.</summary>
    Mapper,
    /// <summary>The collector, on one output.</summary>
    Collector,
    /// <summary>The reducer, folding one value into a context.</summary>
    Reducer,
    /// <summary><see cref="MapperBase.Exit"/> of a mapper.</summary>
    Exit,
    /// <summary>The progress callback.</summary>
    Progress,
}

/// <summary>
/// User code failed during a run. <see cref="Exception.InnerException"/> is the original exception,
/// with its type, message and stack; <see cref="Input"/> is the value it failed on (the task input for
/// a mapper, the output for a collector, the value being folded for a reducer; null for Enter, Exit
/// and progress).
/// </summary>
public sealed class TaskFailedException : Exception
{
    private const int MaxInputTextLength = 200;

    /// <summary>Creates the failure of <paramref name="stage"/> on <paramref name="input"/>.</summary>
    public TaskFailedException(FailureStage stage, object? input, Exception cause)
        : base(Describe(stage, input, cause), cause)
    {
        Stage = stage;
        Input = input;
    }

    /// <summary>Where the failure happened.</summary>
    public FailureStage Stage { get; }

    /// <summary>The value the user code failed on, or null where there is none.</summary>
    public object? Input { get; }

    private static string Describe(FailureStage stage, object? input, Exception cause)
    {
        var where = stage switch
        {
            FailureStage.Enter => "Mapper.Enter() failed",
            FailureStage.Exit => "Mapper.Exit() failed",
            FailureStage.Progress => "The progress callback failed",
            _ => $"The {stage.ToString().ToLowerInvariant()} failed on input {Show(input)}",
        };
        return $"{where}: {cause.GetType().FullName}: {cause.Message}";
    }

    /// <summary>A value as a message shows it: its text, cut short.</summary>
    internal static string Show(object? input)
    {
        var text = input?.ToString() ?? "null";
        return text.Length <= MaxInputTextLength ? text : text[..MaxInputTextLength] + "…";
    }
}
