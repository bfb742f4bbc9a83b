using System.Runtime.Serialization;
using Akka.Configuration;
using Akka.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Wire;

public sealed class BatchSerializerTests : IAsyncLifetime
{
    private static readonly Guid Task = Guid.NewGuid();
    private RltkNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await RltkNode.StartAsync("batches", NullLoggerFactory.Instance, builder => builder.WithRltkClient("127.0.0.1", tls: null, Config.Empty)).Within();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public void The_batch_messages_go_by_the_batch_serializer_and_the_rest_of_the_protocol_by_Hyperion()
    {
        Assert.All(BatchSerializer.Types, type => Assert.IsType<BatchSerializer>(_node.System.Serialization.FindSerializerForType(type)));
        Assert.IsType<HyperionSerializer>(_node.System.Serialization.FindSerializerForType(typeof(OpenTask)));
    }

    [Fact]
    public void Submitted_and_assigned_chunks_round_trip_with_their_suspect_runs()
    {
        var submits = new SubmitChunks([new SubmitChunk(Task, new ChunkKey(7, 1, 3), [1, 2, 3], 3), new SubmitChunk(Task, new ChunkKey(8), [], 0)]);
        var assigns = new AssignChunks(
        [
            new AssignChunk(Task, new ChunkKey(7), [4, 5]),
            new AssignChunk(Task, new ChunkKey(9), [6], new SuspectRun([new SkippedInput(0, 3), new SkippedInput(2, 4)], EachInput: true)),
            new AssignChunk(Task, new ChunkKey(10), [], new SuspectRun([], EachInput: false)),
        ]);

        Assert.Equivalent(submits, RoundTrip(submits), strict: true);
        Assert.Equivalent(assigns, RoundTrip(assigns), strict: true);
    }

    [Fact]
    public void Done_notices_results_and_deliveries_round_trip_with_their_failures()
    {
        var done = new ChunksDone(
        [
            new ChunkDone(Task, new ChunkKey(1), TimeSpan.FromTicks(12345), 1, [new FailureNote("42", "Boom: no")]),
            new ChunkDone(Task, new ChunkKey(2)),
        ]);
        var results = new ChunkResults(
        [
            new ChunkResult(Task, new ChunkKey(1), 0, 2, TimeSpan.FromMilliseconds(3), [9, 9], 2,
                [new RemoteFailure(FailureStage.Mapper, [1], "System.InvalidOperationException", "System.Private.CoreLib", "no", "at x"),
                 new RemoteFailure(FailureStage.Collector, null, "T", "A", "ünïcode message", null),
                 new RemoteFailure(FailureStage.Mapper, [2], "Rltk.Actors.KilledWorkerException", "Rltk.Actors", "killed", null, KilledWorkers: 3)]),
            new ChunkResult(Task, new ChunkKey(1), 1, 2, TimeSpan.Zero, [], 0, []),
        ]);
        var delivered = new ChunksDelivered(Task, [new ChunkKey(1), new ChunkKey(2, 0, 2)]);

        Assert.Equivalent(done, RoundTrip(done), strict: true);
        Assert.Equivalent(results, RoundTrip(results), strict: true);
        Assert.Equivalent(delivered, RoundTrip(delivered), strict: true);
    }

    [Fact]
    public void A_cut_or_lying_message_is_a_serialization_error_not_a_huge_allocation()
    {
        var serializer = Serializer();
        var bytes = serializer.ToBinary(new SubmitChunks([new SubmitChunk(Task, new ChunkKey(1), new byte[100], 100)]));
        var lying = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(lying.AsSpan(4 + 16 + 16), int.MaxValue);

        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^10], "S"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(lying, "S"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "?"));
    }

    [Fact]
    public void A_message_cut_inside_a_field_or_with_a_broken_text_length_is_a_serialization_error()
    {
        var serializer = Serializer();
        var delivered = serializer.ToBinary(new ChunksDelivered(Task, [new ChunkKey(1)]));
        var done = serializer.ToBinary(new ChunksDone([new ChunkDone(Task, new ChunkKey(1), TimeSpan.Zero, 1, [new FailureNote("42", "no")])]));
        // The note's input text starts after count, id, key, ticks, failed count, flag and note count: 4 + 16 + 16 + 8 + 4 + 1 + 4.
        done.AsSpan(53, 5).Fill(0xFF);

        Assert.IsType<EndOfStreamException>(Assert.Throws<SerializationException>(() => serializer.FromBinary(delivered[..18], "C")).InnerException);
        Assert.IsType<FormatException>(Assert.Throws<SerializationException>(() => serializer.FromBinary(done, "D")).InnerException);
    }

    private BatchSerializer Serializer() => (BatchSerializer)_node.System.Serialization.FindSerializerForType(typeof(SubmitChunks));

    private T RoundTrip<T>(T message)
        where T : notnull
    {
        var serializer = Serializer();
        return Assert.IsType<T>(serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));
    }
}
