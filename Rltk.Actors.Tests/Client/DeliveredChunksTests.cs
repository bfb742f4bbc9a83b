using Rltk.Actors.Client;

namespace Rltk.Actors.Tests.Client;

public sealed class DeliveredChunksTests
{
    [Fact]
    public void A_chunk_id_is_new_once_in_any_order()
    {
        var delivered = new DeliveredChunks();
        long[] arrivals = [2, 0, 2, 1, 0, 5, 3, 4, 5, 1];

        var firsts = arrivals.Where(delivered.Add).ToArray();

        Assert.Equal([2L, 0, 1, 5, 3, 4], firsts);
        Assert.Equal(6, delivered.Count);
    }
}
