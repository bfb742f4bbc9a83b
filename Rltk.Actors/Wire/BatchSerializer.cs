using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Rltk.Actors.Wire;

/// <summary>
/// The protocol's batch messages — chunks, their results and the notices about them, which go by the thousand
/// a second — as plain fields in a fixed order, with no type names. Under a stream of one-input chunks Hyperion,
/// which serializes the rest of the protocol, took over 40 % of the scheduler's time on them (a type manifest
/// and a reflective read per item). Bound to these exact types, which Akka prefers to the Hyperion binding of
/// <see cref="IWireMessage"/>. Counts and lengths read from the wire are checked against what is left of it.
/// </summary>
internal sealed class BatchSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public static readonly Type[] Types = [typeof(SubmitChunks), typeof(AssignChunks), typeof(ChunksDone), typeof(ChunkResults), typeof(ChunksDelivered)];

    public override int Identifier => 7301;

    public override string Manifest(object o) => o switch
    {
        SubmitChunks => "S",
        AssignChunks => "A",
        ChunksDone => "D",
        ChunkResults => "R",
        ChunksDelivered => "C",
        _ => throw new ArgumentException($"{nameof(BatchSerializer)} does not serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            switch (obj)
            {
                case SubmitChunks m:
                    WriteList(writer, m.Chunks, WriteSubmit);
                    break;
                case AssignChunks m:
                    WriteList(writer, m.Chunks, WriteAssign);
                    break;
                case ChunksDone m:
                    WriteList(writer, m.Done, WriteDone);
                    break;
                case ChunkResults m:
                    WriteList(writer, m.Results, WriteResult);
                    break;
                case ChunksDelivered m:
                    WriteGuid(writer, m.TaskId);
                    WriteList(writer, m.Keys, WriteKey);
                    break;
                default:
                    throw new ArgumentException($"{nameof(BatchSerializer)} does not serialize {obj.GetType()}.", nameof(obj));
            }
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        try
        {
            return manifest switch
            {
                "S" => new SubmitChunks(ReadList(reader, ReadSubmit)),
                "A" => new AssignChunks(ReadList(reader, ReadAssign)),
                "D" => new ChunksDone(ReadList(reader, ReadDone)),
                "R" => new ChunkResults(ReadList(reader, ReadResult)),
                "C" => new ChunksDelivered(ReadGuid(reader), ReadList(reader, ReadKey)),
                _ => throw new SerializationException($"Unknown manifest '{manifest}' for {nameof(BatchSerializer)}."),
            };
        }
        catch (Exception broken) when (broken is EndOfStreamException or IOException or FormatException or OverflowException or DecoderFallbackException)
        {
            // A SerializationException drops this one message; anything else would end the whole connection.
            throw new SerializationException($"A '{manifest}' batch message is cut short or malformed: {broken.Message}", broken);
        }
    }

    private static void WriteSubmit(BinaryWriter w, SubmitChunk c)
    {
        WriteGuid(w, c.TaskId);
        WriteKey(w, c.Key);
        WriteBytes(w, c.Inputs);
        w.Write(c.InputCount);
    }

    private static SubmitChunk ReadSubmit(BinaryReader r) => new(ReadGuid(r), ReadKey(r), ReadBytes(r), r.ReadInt32());

    private static void WriteAssign(BinaryWriter w, AssignChunk c)
    {
        WriteGuid(w, c.TaskId);
        WriteKey(w, c.Key);
        WriteBytes(w, c.Inputs);
        w.Write(c.Suspect is not null);
        if (c.Suspect is { } suspect)
        {
            WriteList(w, suspect.Skip, (w2, skipped) =>
            {
                w2.Write(skipped.Index);
                w2.Write(skipped.Workers);
            });
            w.Write(suspect.EachInput);
        }
    }

    private static AssignChunk ReadAssign(BinaryReader r) => new(
        ReadGuid(r), ReadKey(r), ReadBytes(r), r.ReadBoolean() ? new SuspectRun(ReadList(r, r2 => new SkippedInput(r2.ReadInt32(), r2.ReadInt32())), r.ReadBoolean()) : null);

    private static void WriteDone(BinaryWriter w, ChunkDone d)
    {
        WriteGuid(w, d.TaskId);
        WriteKey(w, d.Key);
        w.Write(d.Elapsed.Ticks);
        w.Write(d.InputsFailed);
        w.Write(d.Failures is not null);
        if (d.Failures is { } failures)
        {
            WriteList(w, failures, (w2, note) =>
            {
                w2.Write(note.Input);
                w2.Write(note.Error);
            });
        }
    }

    private static ChunkDone ReadDone(BinaryReader r) => new(
        ReadGuid(r), ReadKey(r), TimeSpan.FromTicks(r.ReadInt64()), r.ReadInt32(),
        r.ReadBoolean() ? ReadList(r, r2 => new FailureNote(r2.ReadString(), r2.ReadString())) : null);

    private static void WriteResult(BinaryWriter w, ChunkResult c)
    {
        WriteGuid(w, c.TaskId);
        WriteKey(w, c.Key);
        w.Write(c.Piece);
        w.Write(c.Pieces);
        w.Write(c.Elapsed.Ticks);
        WriteBytes(w, c.Outputs);
        w.Write(c.InputCount);
        WriteList(w, c.Failures, WriteFailure);
    }

    private static ChunkResult ReadResult(BinaryReader r) => new(
        ReadGuid(r), ReadKey(r), r.ReadInt32(), r.ReadInt32(), TimeSpan.FromTicks(r.ReadInt64()), ReadBytes(r), r.ReadInt32(),
        ReadList(r, ReadFailure));

    private static void WriteFailure(BinaryWriter w, RemoteFailure f)
    {
        w.Write((int)f.Stage);
        w.Write(f.Input is not null);
        if (f.Input is not null)
        {
            WriteBytes(w, f.Input);
        }

        w.Write(f.ExceptionType);
        w.Write(f.ExceptionAssembly);
        w.Write(f.Message);
        w.Write(f.StackTrace is not null);
        if (f.StackTrace is not null)
        {
            w.Write(f.StackTrace);
        }

        w.Write(f.KilledWorkers ?? 0);
    }

    private static RemoteFailure ReadFailure(BinaryReader r)
    {
        var stage = r.ReadInt32();
        if (!Enum.IsDefined((FailureStage)stage))
        {
            throw new SerializationException($"Unknown failure stage {stage}.");
        }

        return new RemoteFailure(
            (FailureStage)stage, r.ReadBoolean() ? ReadBytes(r) : null, r.ReadString(), r.ReadString(), r.ReadString(),
            r.ReadBoolean() ? r.ReadString() : null, r.ReadInt32() is > 0 and var killed ? killed : null);
    }

    private static void WriteKey(BinaryWriter w, ChunkKey key)
    {
        w.Write(key.Number);
        w.Write(key.Part);
        w.Write(key.Parts);
    }

    private static ChunkKey ReadKey(BinaryReader r) => new(r.ReadInt64(), r.ReadInt32(), r.ReadInt32());

    private static void WriteGuid(BinaryWriter w, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        w.Write(bytes);
    }

    private static Guid ReadGuid(BinaryReader r)
    {
        Span<byte> bytes = stackalloc byte[16];
        r.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }

    private static void WriteBytes(BinaryWriter w, byte[] bytes)
    {
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader r)
    {
        var bytes = new byte[ReadCount(r)];
        r.BaseStream.ReadExactly(bytes);
        return bytes;
    }

    private static void WriteList<T>(BinaryWriter w, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        w.Write(items.Count);
        foreach (var item in items)
        {
            write(w, item);
        }
    }

    private static T[] ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        var items = new T[ReadCount(r)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = read(r);
        }

        return items;
    }

    // Every item and byte takes at least a byte of the message: a larger count is a broken message, not an allocation to make.
    private static int ReadCount(BinaryReader r)
    {
        var count = r.ReadInt32();
        return count >= 0 && count <= r.BaseStream.Length - r.BaseStream.Position
            ? count
            : throw new SerializationException($"A batch message claims {count} items or bytes where {r.BaseStream.Length - r.BaseStream.Position} bytes are left.");
    }
}
