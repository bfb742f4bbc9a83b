using Hyperion;

namespace Rltk.Actors.Cluster;

/// <summary>
/// Turns user inputs, outputs and handler targets into bytes and back with Hyperion: once at the sender,
/// once at the receiver, so that the scheduler in between only forwards bytes.
/// </summary>
internal static class PayloadSerializer
{
    private static readonly Serializer Hyperion = new(SerializerOptions.Default.WithPreserveObjectReferences(true));

    public static byte[] Serialize<T>(T value)
    {
        using var stream = new MemoryStream();
        Hyperion.Serialize(value!, stream);
        return stream.ToArray();
    }

    public static T Deserialize<T>(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Hyperion.Deserialize<T>(stream);
    }

    /// <summary>
    /// Serializes a chunk of inputs; when that fails, names the first input that cannot be serialized,
    /// so the caller learns which value was at fault rather than that some chunk was.
    /// </summary>
    public static byte[] SerializeInputs<T>(IReadOnlyList<T> inputs)
    {
        try
        {
            return Serialize(inputs.ToArray());
        }
        catch (Exception failure)
        {
            foreach (var input in inputs)
            {
                try
                {
                    Serialize(input);
                }
                catch (Exception inputFailure)
                {
                    throw new ArgumentException(
                        $"The input {input} cannot be serialized to send it to a worker: {inputFailure.GetType().Name}: {inputFailure.Message}",
                        inputFailure);
                }
            }

            throw new ArgumentException($"A chunk of inputs cannot be serialized to send it to a worker: {failure.Message}", failure);
        }
    }
}
