using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hyperion;

namespace Rltk.Actors.Wire;

/// <summary>
/// Turns user inputs, outputs and handler targets into bytes and back: once at the sender, once at the
/// receiver, so that the scheduler in between only forwards bytes. Arrays of plain values (numbers,
/// tuples of numbers, structs without references) are copied as raw memory, which is what makes a
/// chunk of record ids or number pairs cheap; everything else goes through Hyperion. Hyperion keeps
/// what it learns of each type, so a worker session has an instance of its own, dropped with the
/// session's code; clients share <see cref="Shared"/>. (One Hyperion cache is process-wide: that of
/// <see cref="Type"/> objects sent as values, which keeps their session's code loaded.)
/// </summary>
internal sealed class PayloadSerializer
{
    private const byte RawMemory = 1;
    private const byte HyperionFormat = 2;
    // Unsafe types (FileInfo, Process, ClaimsIdentity, …) are refused: bytes from the wire must not build gadgets.
    private readonly Serializer _hyperion = new(SerializerOptions.Default.WithPreserveObjectReferences(true).WithDisallowUnsafeType(true));

    /// <summary>The instance of code loaded the ordinary way: clients, and tests.</summary>
    public static PayloadSerializer Shared { get; } = new();

    public byte[] Serialize<T>(T value)
    {
        using var stream = new MemoryStream();
        _hyperion.Serialize(value!, stream);
        return stream.ToArray();
    }

    public T Deserialize<T>(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return _hyperion.Deserialize<T>(stream);
    }

    public byte[] SerializeArray<T>(T[] values)
    {
        if (IsRawCopyable<T>())
        {
            var bytes = new byte[values.Length * Unsafe.SizeOf<T>() + 1];
            bytes[0] = RawMemory;
            MemoryOf(values).CopyTo(bytes.AsSpan(1));
            return bytes;
        }

        using var stream = new MemoryStream();
        stream.WriteByte(HyperionFormat);
        _hyperion.Serialize(values, stream);
        return stream.ToArray();
    }

    public T[] DeserializeArray<T>(byte[] bytes)
    {
        if (bytes[0] == RawMemory)
        {
            if (!IsRawCopyable<T>())
            {
                throw new InvalidOperationException($"A chunk of raw {typeof(T)} values came to a machine that cannot read them.");
            }

            var values = new T[(bytes.Length - 1) / Unsafe.SizeOf<T>()];
            bytes.AsSpan(1).CopyTo(MemoryOf(values));
            return values;
        }

        using var stream = new MemoryStream(bytes, 1, bytes.Length - 1);
        return _hyperion.Deserialize<T[]>(stream);
    }

    /// <summary>
    /// Serializes a chunk of inputs into parts of about <see cref="MessageLimits.ChunkBytes"/> each, halving what
    /// is larger. Throws <see cref="ArgumentException"/> naming an input that cannot be serialized, or that
    /// does not fit in a message on its own.
    /// </summary>
    public IReadOnlyList<byte[]> SerializeInputs<T>(IReadOnlyList<T> inputs, MessageLimits limits)
    {
        var parts = new List<byte[]>();
        Cut(inputs as T[] ?? inputs.ToArray(), limits, parts);
        return parts;
    }

    private void Cut<T>(T[] inputs, MessageLimits limits, List<byte[]> parts)
    {
        var serialized = SerializeInputs(inputs);
        if (serialized.Length <= limits.ChunkBytes || (inputs.Length == 1 && serialized.Length <= limits.MaxBytes))
        {
            parts.Add(serialized);
        }
        else if (inputs.Length == 1)
        {
            throw new ArgumentException(
                $"The input {Shown(inputs[0])} is {limits.Describe(serialized.Length)}: send a key to it instead (a record id), " +
                "or raise the frame size on every node.");
        }
        else
        {
            Cut(inputs[..(inputs.Length / 2)], limits, parts);
            Cut(inputs[(inputs.Length / 2)..], limits, parts);
        }
    }

    /// <summary>Serializes inputs; when that fails, names the first input that cannot be serialized, rather than saying that some chunk cannot be.</summary>
    private byte[] SerializeInputs<T>(T[] inputs)
    {
        try
        {
            return SerializeArray(inputs);
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
                        $"The input {Shown(input)} cannot be serialized to send it to a worker: {inputFailure.GetType().Name}: {inputFailure.Message}",
                        inputFailure);
                }
            }

            throw new ArgumentException($"A chunk of inputs cannot be serialized to send it to a worker: {failure.Message}", failure);
        }
    }

    private static string Shown<T>(T value) => TaskFailedException.Show(value);

    private static Span<byte> MemoryOf<T>(T[] values) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(values)), values.Length * Unsafe.SizeOf<T>());

    // Raw memory is only read back the same way on a little-endian machine; every .NET 10 server platform is one.
    private static bool IsRawCopyable<T>() => !RuntimeHelpers.IsReferenceOrContainsReferences<T>() && BitConverter.IsLittleEndian;
}
