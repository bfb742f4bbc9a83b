using System.CommandLine;
using System.CommandLine.Parsing;

namespace Rltk.Hosts;

/// <summary>What both hosts' command lines share: how a command line that does not parse is reported, and their numeric options.</summary>
public static class HostCommandLine
{
    /// <summary>
    /// Parses <paramref name="args"/> and runs <paramref name="command"/>'s action. A command line that does
    /// not parse — an unknown option, a missing argument, a value of the wrong type — is one line on stderr
    /// and exit code 2, as every other usage error of the hosts.
    /// </summary>
    public static Task<int> InvokeAsync(RootCommand command, string[] args)
    {
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var errors = parsed.Errors.Select(error => error.Message.TrimEnd('.')).Distinct();
            return Task.FromResult(NodeHost.Fail($"{string.Join("; ", errors)} (see --help)", NodeHost.Usage));
        }

        // Ctrl-C and SIGTERM belong to the host, which stops the node gracefully; System.CommandLine's own
        // handling would end the process two seconds later, in the middle of a worker finishing its chunks.
        return parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    /// <summary>A port option, 0 to 65535: <c>--port</c> by default, where 0 means any free port.</summary>
    public static Option<int?> PortOption(string description, string name = "--port", string zeroMeans = "any free port") => new(name)
    {
        Description = description,
        CustomParser = result => Integer(result, 0, 65535, $"is not a port: give 1 to 65535, or 0 for {zeroMeans}"),
    };

    /// <summary>A count of 1 to <paramref name="max"/>, such as <c>--nprocs</c>.</summary>
    public static Option<int?> CountOption(string name, string description, string what, int max) => new(name)
    {
        Description = description,
        CustomParser = result => Integer(result, 1, max, $"is not a number of {what}: give 1 to {max}"),
    };

    private static int? Integer(ArgumentResult result, int min, int max, string problem)
    {
        var written = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(written, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{((OptionResult)result.Parent!).Option.Name} {written} {problem}");
        return null;
    }
}
