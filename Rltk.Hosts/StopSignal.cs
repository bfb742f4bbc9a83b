using System.Runtime.InteropServices;

namespace Rltk.Hosts;

/// <summary>
/// A stop request to a host: Ctrl-C (SIGINT), SIGTERM or SIGQUIT — handled here, so that the runtime does
/// not end the process before the node has stopped gracefully — or, for a worker run by a nanny, its
/// standard input closing (see <see cref="StopWhenStandardInputCloses"/>). A second signal says the user
/// will not wait for the graceful stop (<see cref="WhenRepeated"/>).
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly TaskCompletionSource _whenRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _whenRepeated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _signals;
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignal()
    {
        _requested.Token.Register(() => _whenRequested.TrySetResult());
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle),
        ];
    }

    /// <summary>Cancelled when the process is asked to stop.</summary>
    public CancellationToken Token => _requested.Token;

    public bool IsRequested => _requested.IsCancellationRequested;

    /// <summary>Completes when the process is asked to stop.</summary>
    public Task WhenRequested => _whenRequested.Task;

    /// <summary>Completes at the second stop signal: the user will not wait for the graceful stop (Ctrl-C twice).</summary>
    public Task WhenRepeated => _whenRepeated.Task;

    public void Request() => _requested.Cancel();

    /// <summary>
    /// A nanny's child reads its standard input, a pipe whose other end only the nanny holds, and stops
    /// when it reaches its end: the kernel closes the pipe when the nanny exits for any reason, SIGKILL
    /// included, so a worker never outlives its nanny by more than its graceful stop. (Linux's
    /// <c>PR_SET_PDEATHSIG</c> follows the thread that started the child, not the process, and .NET gives
    /// no hook between fork and exec; polling the parent's pid is slower and racy.) <paramref name="gone"/>
    /// is called first.
    /// </summary>
    public void StopWhenStandardInputCloses(Action gone)
    {
        var reader = new Thread(() =>
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer, 0, buffer.Length) > 0)
                {
                }
            }
            catch (IOException)
            {
                // A broken pipe is a closed one.
            }

            gone();
            Request();
        })
        {
            IsBackground = true,
            Name = "nanny-watch",
        };
        reader.Start();
    }

    /// <summary>Gives the signals back to the runtime. (The request itself lives as long as the process: a late request is harmless.)</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        // The host stops the node itself, gracefully, and then returns its exit code.
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) > 1)
        {
            _whenRepeated.TrySetResult();
        }

        _requested.Cancel();
    }
}
