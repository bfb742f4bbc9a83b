namespace Rltk.Actors.Tests.Client;

public sealed class EmbeddedRemoteTests
{
    [Fact]
    public async Task Products_of_pairs_come_back_once_each()
    {
        await using var remote = new Remote();
        var products = new List<int>();
        var task = new RemoteTask<(int X, int Y), int>(remote, pair => pair.X * pair.Y, products.Add, chunkSize: 100);
        task.Start();
        for (var i = 0; i < 10_000; i++)
        {
            task.Compute((i, 3));
        }

        task.TaskDone();
        await task.JoinAsync().Within();

        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => i * 3).Order(), products.Order());
    }

    [Fact]
    public async Task A_misspelt_setting_or_an_include_in_the_options_hocon_is_named_not_ignored()
    {
        var misspelt = new RemoteOptions { Hocon = "rltk.cluster.conect-timeout = 5s" };

        var embedded = await Assert.ThrowsAsync<Akka.Configuration.ConfigurationException>(() => Remote.StartEmbeddedAsync(misspelt));
        var connecting = await Assert.ThrowsAsync<Akka.Configuration.ConfigurationException>(() => Remote.ConnectAsync("127.0.0.1:1", misspelt));

        Assert.StartsWith("rltk.cluster.conect-timeout is not a setting Rltk.Actors reads", embedded.Message);
        Assert.Equal(embedded.Message, connecting.Message);

        var including = new RemoteOptions { Hocon = "include \"common.conf\"" };
        var include = await Assert.ThrowsAsync<Akka.Configuration.ConfigurationException>(() => Remote.StartEmbeddedAsync(including));
        Assert.Equal("RemoteOptions.Hocon cannot include \"common.conf\": write its settings in the string", include.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    public async Task An_embedded_cluster_of_no_mappers_or_of_more_threads_than_a_worker_runs_is_refused(int mappers)
    {
        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Remote.StartEmbeddedAsync(new RemoteOptions { EmbeddedWorkers = mappers }));

        Assert.StartsWith("EmbeddedWorkers must be 1 to 1024", refused.Message);
    }
}
