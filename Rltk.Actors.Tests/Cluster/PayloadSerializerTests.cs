using Rltk.Actors.Cluster;

namespace Rltk.Actors.Tests.Cluster;

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
    public void A_chunk_with_an_unserializable_input_names_that_input()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            PayloadSerializer.Shared.SerializeInputs<object>(["fine", 42, new Unserializable()]));

        Assert.Contains("Unserializable#42", error.Message);
    }

    private sealed record Linked(string Name, Linked? Next);
}
