using Rltk.Actors.Client;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Tests.Client;

public sealed class UnconfirmedChunksTests
{
    private static readonly Guid Task = Guid.NewGuid();

    [Fact]
    public void Parts_not_confirmed_come_back_in_the_order_their_chunks_were_made()
    {
        var chunks = new UnconfirmedChunks();
        foreach (var key in new[] { new ChunkKey(2, 0, 1), new ChunkKey(0, 1, 2), new ChunkKey(1, 0, 1), new ChunkKey(0, 0, 2) })
        {
            chunks.Sent(new SubmitChunk(Task, key, [], 1));
        }

        chunks.Confirmed(new ChunkKey(1, 0, 1));

        Assert.Equal([new ChunkKey(0, 0, 2), new ChunkKey(0, 1, 2), new ChunkKey(2, 0, 1)], chunks.InOrder().Select(chunk => chunk.Key));
    }

    [Fact]
    public void A_part_confirmed_twice_or_never_sent_changes_nothing()
    {
        var chunks = new UnconfirmedChunks();
        chunks.Sent(new SubmitChunk(Task, new ChunkKey(0, 0, 1), [], 1));

        chunks.Confirmed(new ChunkKey(5, 0, 1));
        chunks.Confirmed(new ChunkKey(0, 0, 1));
        chunks.Confirmed(new ChunkKey(0, 0, 1));

        Assert.Equal(0, chunks.Count);
        Assert.Empty(chunks.InOrder());
    }
}
