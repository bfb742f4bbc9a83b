using static Rltk.Actors.Tests.EndToEnd.HostRuns;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>How the hosts take their command line and config file: one line on stderr for anything wrong, exit 2 for what the user wrote, exit 1 for what the machine refuses.</summary>
public sealed class HostCommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rltk-config-").FullName;

    [Theory]
    [InlineData("scheduler", "--port abc", "--port abc is not a port")]
    [InlineData("scheduler", "--bogus", "'--bogus'")]
    [InlineData("worker", "127.0.0.1:8786 --bogus", "'--bogus'")]
    [InlineData("worker", "--nprocs 1", "'scheduler' missing")]
    [InlineData("worker", "127.0.0.1", "'127.0.0.1' is not a scheduler address")]
    [InlineData("worker", "127.0.0.1:8786 --nprocs 0", "--nprocs 0 is not a number of mappers: give 1 to 1024")]
    [InlineData("worker", "127.0.0.1:8786 --nprocs 100000", "--nprocs 100000 is not a number of mappers: give 1 to 1024")]
    [InlineData("worker", "127.0.0.1:8786 --port abc", "--port abc is not a port")]
    [InlineData("worker", "127.0.0.1:8786 --memory-limit lots", "--memory-limit lots is not a memory limit")]
    [InlineData("worker", "127.0.0.1:8786 --no-nanny --memory-limit 1GB", "--memory-limit is enforced by the nanny")]
    public async Task A_command_line_that_does_not_parse_is_one_line_and_exit_code_2(string host, string arguments, string expected)
    {
        using var process = Start(host, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, await process.WaitForExitAsync());
        var error = Assert.Single(process.Errors);
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
        Assert.Empty(process.Output);
    }

    /// <summary>
    /// An address this machine does not have is exit 1, not 2: the command line is well formed, and would
    /// start the same host on a machine that has the address (as a busy port is exit 1). 192.0.2.1 is
    /// reserved for documentation (RFC 5737), so no machine has it.
    /// </summary>
    [Theory]
    [InlineData("scheduler", "--host 192.0.2.1 --port 0")]
    [InlineData("scheduler", "--host 192.0.2.1")]
    [InlineData("worker", "127.0.0.1:8786 --host 192.0.2.1")]
    [InlineData("worker", "127.0.0.1:8786 --host 192.0.2.1 --no-nanny")]
    public async Task An_address_this_machine_cannot_listen_on_is_one_line_naming_it_and_exit_code_1(string host, string arguments)
    {
        using var process = Start(host, arguments.Split(' '));

        Assert.Equal(1, await process.WaitForExitAsync());
        Assert.StartsWith("error: cannot listen on 192.0.2.1:", Assert.Single(process.Errors));
    }

    [Theory]
    [InlineData("scheduler", "akka.cluster {\n  failure-detector.heartbeat-interval = 2s\n", "line 1: the '{' of akka.cluster is never closed")]
    [InlineData("worker", "akka.cluster {\n  failure-detector.heartbeat-interval = 2s\n}\n}\n", "line 4: '}' closes nothing")]
    [InlineData("scheduler", "rltk.cluster.delivery-timeout =\nrltk.cluster.connect-timeout = 5s\n", "line 1: rltk.cluster.delivery-timeout has no value")]
    [InlineData("worker", "rltk.cluster {\n  delivery-timeout = banana\n}\n", "rltk.cluster.delivery-timeout = banana is not a positive duration")]
    [InlineData("scheduler", "akka.remote.dot-netty.tcp.maximum-frame-size = lots", "akka.remote.dot-netty.tcp.maximum-frame-size = lots is not a size")]
    [InlineData("worker", "akka.cluster.failure-detector.acceptable-heartbeat-pause = \"soon", "the string of akka.cluster.failure-detector.acceptable-heartbeat-pause is never closed")]
    public async Task A_config_file_the_host_cannot_use_is_one_line_naming_the_file_and_the_key_and_exit_code_2(string host, string hocon, string expected)
    {
        var file = Path.Combine(_folder, "bad.conf");
        await File.WriteAllTextAsync(file, hocon);
        using var process = Start(host, host == "worker" ? ["127.0.0.1:8786", "--config", file] : ["--config", file]);

        Assert.Equal(2, await process.WaitForExitAsync());
        var error = Assert.Single(process.Errors);
        Assert.StartsWith($"error: config file {file}", error);
        Assert.Contains(expected, error);
        Assert.Empty(process.Output); // nothing started
    }

    [Fact]
    public async Task A_config_file_that_cannot_be_read_is_one_line_naming_it_and_exit_code_2()
    {
        var missing = Path.Combine(_folder, "missing.conf");
        using var process = HostProcess.Scheduler("--config", missing);

        Assert.Equal(2, await process.WaitForExitAsync());
        Assert.StartsWith($"error: config file {missing}: cannot read it", Assert.Single(process.Errors));
    }

    [Fact]
    public async Task A_worker_given_localhost_joins_a_scheduler_listening_at_127_0_0_1_and_nobody_logs_an_error()
    {
        var (scheduler, address) = await HostProcess.StartSchedulerAsync("--host", "localhost");
        using var _ = scheduler;
        Assert.StartsWith("127.0.0.1:", address); // a scheduler given a name listens at, and advertises, its address

        using var worker = HostProcess.Worker($"localhost:{PortOf(address)}", "--nprocs", "1", "--no-nanny");
        await scheduler.WaitForOutputAsync("joined with");
        await RunSmallTaskAsync(address);

        Assert.Empty(Troubles(scheduler));
        Assert.Empty(Troubles(worker));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A scheduler, or a worker whose first argument is its scheduler's address (or whatever the test puts there).</summary>
    private static HostProcess Start(string host, string[] arguments) =>
        host == "scheduler" ? HostProcess.Scheduler(arguments) : HostProcess.Worker(arguments[0], arguments[1..]);
}
