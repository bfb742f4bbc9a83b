namespace Rltk.Actors.Tests.Cluster;

/// <summary>Records larger than a chunk's message allows: chunks and results are cut to fit, and what cannot fit is named.</summary>
public sealed class LargeRecordTests
{
    // A frame of 1 MiB here, so that a few records make a chunk too large for one message.
    private const string SmallFrames = "akka.remote.dot-netty.tcp.maximum-frame-size = 1 MiB";

    [Fact]
    public async Task Records_of_64_KB_in_chunks_of_the_default_size_just_work()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 2);
        await using var remote = new Remote(cluster.Address);
        var lengths = new List<int>();
        var task = new RemoteTask<string, int>(remote, s => s.Length, lengths.Add);

        // 3,000 records of 64 KB: chunks of 1,000 are 64 MB, twice the 32 MiB frame.
        await Runs.RunAsync(task, Enumerable.Range(0, 3_000).Select(i => new string((char)('a' + i % 26), 64 * 1024)));

        Assert.Equal(3_000, lengths.Count);
        Assert.All(lengths, length => Assert.Equal(64 * 1024, length));
    }

    [Fact]
    public async Task Outputs_too_large_together_come_back_in_pieces()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1, hocon: SmallFrames);
        await using var remote = new Remote(cluster.Address, new RemoteOptions { Hocon = SmallFrames });
        var outputs = new List<string>();

        await Runs.RunAsync(new RemoteTask<int, string>(remote, i => new string((char)('a' + i % 26), 100_000), outputs.Add, chunkSize: 50),
            Enumerable.Range(0, 200));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => new string((char)('a' + i % 26), 100_000)).Order(), outputs.Order());
    }

    [Fact]
    public async Task An_input_or_output_larger_than_a_message_is_named_with_its_size_and_the_limit()
    {
        await using var cluster = await LoopbackCluster.StartAsync(workers: 1, hocon: SmallFrames);
        await using var remote = new Remote(cluster.Address, new RemoteOptions { Hocon = SmallFrames });

        var tooLargeInput = await Assert.ThrowsAsync<ArgumentException>(() => Runs.RunAsync(
            new RemoteTask<string, int>(remote, s => s.Length, chunkSize: 10), ["small", new string('q', 2_000_000)]));
        Assert.Contains("qqqq", tooLargeInput.Message);
        Assert.Contains("2,000,0", tooLargeInput.Message);
        Assert.Contains("983,040", tooLargeInput.Message);

        var failures = new List<TaskFailedException>();
        var outputs = new List<int>();
        await Runs.RunAsync(new RemoteTask<int, string>(remote, i => new string('z', i), s => outputs.Add(s.Length), chunkSize: 10,
            options: new RemoteTaskOptions { OnError = failures.Add }), [10, 2_000_000, 20]);

        Assert.Equal([10, 20], outputs.Order());
        var failure = Assert.Single(failures);
        Assert.Equal(2_000_000, failure.Input);
        Assert.Contains("983,040", failure.InnerException!.Message);
    }
}
