namespace Rltk.Actors.Mapping;

/// <summary>What a mapper made of a chunk: the outputs, the failures, and the inputs (by index) that have no output.</summary>
internal readonly record struct MappedChunk<TOut>(TOut[] Outputs, TaskFailedException[] Failures, IReadOnlyList<int> WithoutOutput);

/// <summary>
/// Runs a user mapper over the inputs of one chunk, the same way for a local mapper actor and a mapper
/// on a cluster worker: a failing input becomes a failure and the rest go on; with a combine function
/// the outputs fold into one partial value.
/// </summary>
internal static class ChunkMapping
{
    /// <param name="mapper">The user's mapper, entered.</param>
    /// <param name="inputs">The chunk's inputs.</param>
    /// <param name="keepOutputs">False when nobody collects the outputs.</param>
    /// <param name="combine">For MapReduce: folds the outputs into one partial value.</param>
    /// <param name="beforeInput">Asked before each input, by index: false skips it (a watched chunk's poison input).</param>
    public static MappedChunk<TOut> Map<TIn, TOut>(
        Mapper<TIn, TOut> mapper, IReadOnlyList<TIn> inputs, bool keepOutputs, Func<TOut, TOut, TOut>? combine,
        Func<int, bool>? beforeInput = null)
    {
        var outputs = keepOutputs && combine is null ? new TOut[inputs.Count] : [];
        var kept = 0;
        var partial = default(TOut)!;
        var hasPartial = false;
        List<TaskFailedException>? failures = null;
        List<int>? withoutOutput = null;

        for (var i = 0; i < inputs.Count; i++)
        {
            if (beforeInput is not null && !beforeInput(i))
            {
                (withoutOutput ??= []).Add(i);
                continue;
            }

            var input = inputs[i];
            TOut output;
            try
            {
                output = mapper.Process(input);
            }
            catch (Exception failure)
            {
                (failures ??= []).Add(new TaskFailedException(FailureStage.Mapper, input, failure));
                (withoutOutput ??= []).Add(i);
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

        return new MappedChunk<TOut>(outputs, failures?.ToArray() ?? [], (IReadOnlyList<int>?)withoutOutput ?? []);
    }
}
