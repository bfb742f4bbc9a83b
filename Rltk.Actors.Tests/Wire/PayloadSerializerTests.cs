using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Rltk.Actors.Hosting;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Wire;

public sealed class PayloadSerializerTests
{
    [Fact]
    public void Plain_value_arrays_round_trip_as_raw_memory()
    {
        var pairs = Enumerable.Range(0, 1000).Select(i => (i, (long)i * 3)).ToArray();

        var bytes = PayloadSerializer.Shared.SerializeArray(pairs);

        Assert.Equal(1 + pairs.Length * 16, bytes.Length);
        Assert.Equal(pairs, PayloadSerializer.Shared.DeserializeArray<(int, long)>(bytes));
    }

    [Fact]
    public void Arrays_of_objects_round_trip_through_Hyperion()
    {
        var records = new[] { new Linked("a", null), new Linked("b", new Linked("c", null)) };

        var back = PayloadSerializer.Shared.DeserializeArray<Linked>(PayloadSerializer.Shared.SerializeArray(records));

        Assert.Equal(records, back);
    }

    [Fact]
    public void Empty_arrays_round_trip_both_ways()
    {
        Assert.Empty(PayloadSerializer.Shared.DeserializeArray<int>(PayloadSerializer.Shared.SerializeArray(Array.Empty<int>())));
        Assert.Empty(PayloadSerializer.Shared.DeserializeArray<string>(PayloadSerializer.Shared.SerializeArray(Array.Empty<string>())));
    }

    [Fact]
    public async Task Payloads_and_protocol_messages_naming_an_unsafe_type_are_refused()
    {
        // Bytes a hostile peer could send: a FileInfo, written by a Hyperion that allows it.
        var permissive = new Hyperion.Serializer(Hyperion.SerializerOptions.Default.WithVersionTolerance(true).WithPreserveObjectReferences(true)
            .WithDisallowUnsafeType(false));
        using var stream = new MemoryStream();
        permissive.Serialize(new FileInfo("/tmp/x"), stream);
        await using var node = await RltkNode.StartAsync(
            "unsafe", NullLoggerFactory.Instance, builder => builder.WithRltkClient("127.0.0.1", tls: null, Config.Empty)).Within();
        var protocol = node.System.Serialization.FindSerializerForType(typeof(OpenTask));

        Assert.Throws<Hyperion.Internal.EvilDeserializationException>(() => PayloadSerializer.Shared.Deserialize<object>(stream.ToArray()));
        Assert.IsType<Akka.Serialization.HyperionSerializer>(protocol);
        var refused = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => protocol.FromBinary(stream.ToArray(), typeof(object)));
        Assert.IsType<Hyperion.Internal.EvilDeserializationException>(refused.InnerException);
    }

    [Fact]
    public void A_chunk_with_an_unserializable_input_names_that_input()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            PayloadSerializer.Shared.SerializeInputs<object>(["fine", 42, new Unserializable()], new MessageLimits(1 << 20, 1 << 20)));

        Assert.Contains("Unserializable#42", error.Message);
    }

    [Fact]
    public void A_chunk_too_large_for_one_message_is_cut_into_parts_that_each_fit_and_read_back_whole()
    {
        var records = Enumerable.Range(0, 40).Select(i => new string((char)('a' + i % 26), 10_000)).ToArray();

        var parts = PayloadSerializer.Shared.SerializeInputs(records, new MessageLimits(64 * 1024, 1 << 20));

        Assert.True(parts.Count > 1);
        Assert.All(parts, part => Assert.InRange(part.Length, 1, 64 * 1024));
        Assert.Equal(records, parts.SelectMany(PayloadSerializer.Shared.DeserializeArray<string>));
    }

    [Fact]
    public void An_input_larger_than_a_message_is_named_with_its_size_and_the_limit()
    {
        var huge = new string('x', 100_000);

        var error = Assert.Throws<ArgumentException>(() => PayloadSerializer.Shared.SerializeInputs(["small", huge], new MessageLimits(16 * 1024, 64 * 1024)));

        Assert.Contains("xxxx", error.Message);
        Assert.Contains("100,0", error.Message);
        Assert.Contains("65,536", error.Message);
    }

    private sealed record Linked(string Name, Linked? Next);
}
