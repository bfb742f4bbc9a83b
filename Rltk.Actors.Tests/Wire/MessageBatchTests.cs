using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Wire;

public sealed class MessageBatchTests
{
    [Fact]
    public void What_is_held_comes_out_by_destination_in_order_and_once()
    {
        var batch = new MessageBatch<string, int>(maxBytes: 1000, bytesOf: _ => 1);

        Assert.True(batch.Hold("a", 1));
        Assert.False(batch.Hold("b", 2));
        Assert.False(batch.Hold("a", 3));

        var taken = batch.Take().ToArray();
        Assert.Equal([("a", new[] { 1, 3 }), ("b", new[] { 2 })], taken.Select(t => (t.To, t.Items.ToArray())));
        Assert.Empty(batch.Take());
        Assert.True(batch.Hold("a", 4));
    }

    [Fact]
    public void A_batch_carries_at_most_its_bytes_and_items_but_a_larger_item_goes_alone()
    {
        var bySize = new MessageBatch<string, int>(maxBytes: 10, bytesOf: size => size);
        foreach (var size in new[] { 4, 4, 4, 25, 1 })
        {
            bySize.Hold("a", size);
        }

        Assert.Equal([[4, 4], [4], [25], [1]], bySize.Take().Select(t => t.Items.ToArray()));

        var byCount = new MessageBatch<string, int>(maxBytes: long.MaxValue, bytesOf: _ => 0);
        foreach (var item in Enumerable.Range(0, MessageBatch<string, int>.MaxItems + 1))
        {
            byCount.Hold("a", item);
        }

        Assert.Equal([MessageBatch<string, int>.MaxItems, 1], byCount.Take().Select(t => t.Items.Count));
    }
}
