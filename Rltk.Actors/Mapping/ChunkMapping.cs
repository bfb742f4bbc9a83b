namespace Rltk.Actors.Mapping;

/// <summary>
/// Runs a user mapper over the inputs of one chunk, the same way for a local mapper actor and a mapper
/// on a cluster worker: a failing input becomes a failure and the rest go on; with a combine function
/// the outputs fold into one partial value.
/// </summary>
internal static class ChunkMapping
{
    public static (TOut[] Outputs, TaskFailedException[] Failures) Map<TIn, TOut>(
        Mapper<TIn, TOut> mapper, IReadOnlyList<TIn> inputs, bool keepOutputs, Func<TOut, TOut, TOut>? combine)
    {
        var outputs = keepOutputs && combine is null ? new TOut[inputs.Count] : [];
        var kept = 0;
        var partial = default(TOut)!;
        var hasPartial = false;
        List<TaskFailedException>? failures = null;

        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            TOut output;
            try
            {
                output = mapper.Process(input);
            }
            catch (Exception failure)
            {
                (failures ??= []).Add(new TaskFailedException(FailureStage.Mapper, input, failure));
                continue;
            }

            if (combine is null)
            {
                if (outputs.Length > 0)
                {
                    outputs[kept++] = output;
                }
            }
            else if (!hasPartial)
            {
                (partial, hasPartial) = (output, true);
            }
            else
            {
                try
                {
                    partial = combine(partial, output);
                }
                catch (Exception failure)
                {
                    (failures ??= []).Add(new TaskFailedException(FailureStage.Reducer, output, failure));
                }
            }
        }

        if (hasPartial)
        {
            outputs = [partial];
        }
        else if (kept < outputs.Length)
        {
            Array.Resize(ref outputs, kept);
        }

        return (outputs, failures?.ToArray() ?? []);
    }
}
