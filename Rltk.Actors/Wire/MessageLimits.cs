namespace Rltk.Actors.Wire;

/// <summary>
/// How large the messages that carry user data may be. Chunks of inputs and results are cut into messages of
/// about <paramref name="ChunkBytes"/> (<c>rltk.cluster.chunk-bytes</c>), so that heartbeats sharing the
/// connection are never held up for long; a lone input or output may take up to <paramref name="MaxBytes"/>,
/// a frame less room for the message around it; beyond that it cannot travel at all.
/// </summary>
internal sealed record MessageLimits(long ChunkBytes, long MaxBytes)
{
    public string Describe(long size) =>
        $"{size:N0} bytes serialized, and one message carries at most {MaxBytes:N0} (akka.remote.dot-netty.tcp.maximum-frame-size, less 64 KiB)";
}
