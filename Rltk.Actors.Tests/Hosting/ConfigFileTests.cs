using Rltk.Hosts;

namespace Rltk.Actors.Tests.Hosting;

/// <summary>A host's --config file: read whole and typed before anything starts, or refused in one line naming the file and the key.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rltk-config-").FullName;

    [Fact]
    public void No_file_is_no_override()
    {
        Assert.True(ConfigFile.TryRead(null, out var config, out _));
        Assert.True(config.IsEmpty);
    }

    [Fact]
    public void A_file_with_usable_values_overrides_cluster_conf()
    {
        var file = Write("rltk.cluster.delivery-timeout = 5s\nakka.remote.dot-netty.tcp.maximum-frame-size = 64 MiB\n" +
                         "akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = 20s");

        Assert.True(ConfigFile.TryRead(file, out var config, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("rltk.cluster.delivery-timeout"));
    }

    [Theory]
    [InlineData("rltk.cluster.delivery-timeout = banana", "rltk.cluster.delivery-timeout = banana is not a positive duration")]
    [InlineData("rltk.cluster.connect-timeout = 0s", "rltk.cluster.connect-timeout = 0s is not a positive duration")]
    [InlineData("rltk.cluster.default-port = 99999", "rltk.cluster.default-port = 99999 is not a port")]
    [InlineData("rltk.cluster.closed-task-grace = 0s", "rltk.cluster.closed-task-grace = 0s is not a positive duration")]
    [InlineData("rltk.cluster.system-name = \"my cluster\"", "rltk.cluster.system-name = my cluster is not an actor system name")]
    [InlineData("akka.remote.dot-netty.tcp.maximum-frame-size = lots", "akka.remote.dot-netty.tcp.maximum-frame-size = lots is not a size")]
    [InlineData("akka.cluster.failure-detector.heartbeat-interval = -1s", "akka.cluster.failure-detector.heartbeat-interval = -1s is not a positive duration")]
    [InlineData("rltk.cluster.down-unreachable-after = soon", "rltk.cluster.down-unreachable-after = soon is not a positive duration")]
    [InlineData("akka.cluster.split-brain-resolver.stable-after = 5s", "akka.cluster.split-brain-resolver is not used: an Rltk cluster downs members by its own rule")]
    [InlineData("akka.coordinated-shutdown.phases.before-cluster-shutdown.timeout = forever", "before-cluster-shutdown.timeout = forever is not a positive duration")]
    [InlineData("akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = never", "shutdown-after-unsuccessful-join-seed-nodes = never is not off or a positive duration")]
    public void A_value_of_the_wrong_type_is_named_with_its_key(string hocon, string expected)
    {
        var file = Write(hocon);

        Assert.False(ConfigFile.TryRead(file, out _, out var error));
        Assert.StartsWith($"config file {file}: ", error);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("akka.cluster.failure-detector.threshold = foo", "akka.cluster.failure-detector.threshold = foo is not a number, as Akka reads it (its default is 8.0)")]
    [InlineData("akka.remote.watch-failure-detector.expected-response-after = soon", "expected-response-after = soon is not a duration")]
    [InlineData("akka.cluster.log-info = maybe", "akka.cluster.log-info = maybe is not on or off")]
    [InlineData("akka.actor.default-dispatcher.throughput = lots", "akka.actor.default-dispatcher.throughput = lots is not a number")]
    public void An_Akka_value_not_of_the_kind_Akka_reads_is_named_before_anything_starts(string hocon, string expected)
    {
        var file = Write(hocon);

        Assert.False(ConfigFile.TryRead(file, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("akka.cluster.failure-detector.threshold = 12")]
    [InlineData("akka.cluster.down-removal-margin = 10s")]
    [InlineData("akka.cluster.split-brain-resolver.active-strategy = keep-oldest\nakka.cluster.downing-provider-class = \"Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster\"")]
    [InlineData("akka.remote.dot-netty.tcp.maximum-frame-size = 64 MiB")]
    [InlineData("akka.loglevel = DEBUG")]
    [InlineData("akka.cluster.roles = [a, b]")]
    [InlineData("akka.cluster.failure-detector { threshold = 10.5, acceptable-heartbeat-pause = 5s }")]
    public void Akka_values_of_the_kind_Akka_reads_are_taken(string hocon)
    {
        var file = Write(hocon);

        Assert.True(ConfigFile.TryRead(file, out _, out var error), error);
    }

    [Theory]
    [InlineData("rltk.cluster.alowed-failures = 5", "rltk.cluster.alowed-failures is not a setting Rltk.Actors reads: the settings of rltk.cluster are system-name, default-port, connect-timeout, delivery-timeout, allowed-failures, chunk-bytes, down-unreachable-after, closed-task-grace")]
    [InlineData("rltk {\n  local.auto-batch-targt = 5ms\n}", "rltk.local.auto-batch-targt is not a setting")]
    [InlineData("rltk.clustr.allowed-failures = 5", "rltk.clustr is not a section Rltk.Actors reads: its sections are mapper-dispatcher, collector-dispatcher, local, cluster")]
    public void A_misspelt_rltk_key_is_named_with_the_keys_there_are(string hocon, string expected)
    {
        var file = Write(hocon);

        Assert.False(ConfigFile.TryRead(file, out _, out var error));
        Assert.StartsWith($"config file {file}: {expected}", error);
    }

    [Fact]
    public void A_dispatcher_section_takes_any_Akka_dispatcher_setting()
    {
        var file = Write("rltk.mapper-dispatcher.throughput = 10");

        Assert.True(ConfigFile.TryRead(file, out _, out var error), error);
    }

    [Fact]
    public void A_syntax_mistake_is_named_with_the_file_and_line()
    {
        var file = Write("akka.cluster {\n  failure-detector.heartbeat-interval = 2s\n");

        Assert.False(ConfigFile.TryRead(file, out _, out var error));
        Assert.Equal($"config file {file}, line 1: the '{{' of akka.cluster is never closed", error);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_named()
    {
        var missing = Path.Combine(_folder, "missing.conf");

        Assert.False(ConfigFile.TryRead(missing, out _, out var error));
        Assert.StartsWith($"config file {missing}: cannot read it: ", error);
    }

    [Fact]
    public void An_included_file_is_read_from_beside_the_file_and_checked_as_it_is()
    {
        var common = Write("rltk.cluster.delivery-timeout = 7s\n");
        var file = Write($"include \"{Path.GetFileName(common)}\"\nrltk.cluster.connect-timeout = 3s\n");

        Assert.True(ConfigFile.TryRead(file, out var config, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("rltk.cluster.delivery-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("rltk.cluster.connect-timeout"));

        var wrong = Write("akka.cluster {\n");
        var including = Write($"include \"{Path.GetFileName(wrong)}\"\n");
        Assert.False(ConfigFile.TryRead(including, out _, out error));
        Assert.Equal($"config file {wrong}, line 1: the '{{' of akka.cluster is never closed", error);

        var missing = Write("include \"nowhere.conf\"\n");
        Assert.False(ConfigFile.TryRead(missing, out _, out error));
        Assert.StartsWith($"config file {Path.Combine(_folder, "nowhere.conf")}: cannot read it: ", error);

        var itself = Path.Combine(_folder, "itself.conf");
        File.WriteAllText(itself, "include \"itself.conf\"\n");
        Assert.False(ConfigFile.TryRead(itself, out _, out error));
        Assert.Contains("includes nest more than 8 deep", error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string hocon)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, hocon);
        return file;
    }
}
