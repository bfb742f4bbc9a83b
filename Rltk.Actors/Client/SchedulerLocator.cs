using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using Akka.Actor;
using Akka.Remote;
using Rltk.Actors.Failures;
using Rltk.Actors.Wire;

namespace Rltk.Actors.Client;

/// <summary>
/// Finds the scheduler actor at an address, and when it cannot, says which of three things is wrong:
/// nothing listens there; the TLS handshake was refused (by which side, and why); or something answers
/// that is not a scheduler. Akka answers an <see cref="Identify"/> it could not deliver itself, so the
/// answer alone cannot tell them apart: a plain TCP probe comes first, and the association's errors after.
/// </summary>
internal static class SchedulerLocator
{
    /// <summary>
    /// The scheduler actor at <paramref name="host"/>:<paramref name="port"/>, or a <see cref="SchedulerUnavailableException"/> saying why
    /// not; <paramref name="foundBefore"/> when this client had a session there, so that a port that stopped answering is not taken for another program's.
    /// </summary>
    public static async Task<IActorRef> LocateAsync(ActorSystem system, string systemName, string host, int port, TimeSpan timeout, bool usesTls, bool foundBefore = false)
    {
        var address = $"{host}:{port}";
        var refusals = QuarantineRefusals.Of(system);
        ThrowIfRefused(refusals, host, port);
        await ProbeAsync(host, port, timeout).ConfigureAwait(false);
        var events = new ConcurrentQueue<RemotingLifecycleEvent>();
        var listener = system.ActorOf(Props.Create(() => new LifecycleListener(events)));
        system.EventStream.Subscribe(listener, typeof(AssociatedEvent));
        system.EventStream.Subscribe(listener, typeof(AssociationErrorEvent));
        try
        {
            var protocol = ((ExtendedActorSystem)system).Provider.DefaultAddress.Protocol;
            var path = $"{protocol}://{systemName}@{host}:{port}/user/{ClusterRoles.SchedulerActorName}";
            if (await IdentifyAsync(system, path, timeout, foundBefore ? () => ThrowIfRefused(refusals, host, port) : null).ConfigureAwait(false) is { } scheduler)
            {
                return scheduler;
            }

            // An answer with no actor comes from the far side when it runs no scheduler, but also from this side
            // when the association failed: which one it was, the association's events say, soon after.
            var outcome = await OutcomeAsync(events, port).ConfigureAwait(false);
            ThrowIfRefused(refusals, host, port);
            throw new SchedulerUnavailableException(
                Explain(address, timeout, outcome is AssociatedEvent, (outcome as AssociationErrorEvent)?.Cause, system, usesTls, foundBefore));
        }
        finally
        {
            system.EventStream.Unsubscribe(listener);
            system.Stop(listener);
        }
    }

    /// <summary>
    /// The actor at <paramref name="path"/>, or null when none answered within <paramref name="timeout"/>. With
    /// <paramref name="beforeAskingAgain"/> (a scheduler found there before, maybe restarting) it asks until the
    /// timeout, calling it before each new ask: for seconds after a node goes, Akka drops what is sent to its
    /// address (the gate), a new node's included.
    /// </summary>
    private static async Task<IActorRef?> IdentifyAsync(ActorSystem system, string path, TimeSpan timeout, Action? beforeAskingAgain)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                var wait = beforeAskingAgain is null || left < AskAgainAfter ? left : AskAgainAfter;
                var identity = await system.ActorSelection(path).Ask<ActorIdentity>(new Identify(null), wait).ConfigureAwait(false);
                if (identity.Subject is { } found)
                {
                    return found;
                }
            }
            catch (AskTimeoutException)
            {
                // Said by the caller, from what the association reported.
            }

            if (beforeAskingAgain is null || deadline - DateTime.UtcNow < AskAgainPause)
            {
                return null;
            }

            beforeAskingAgain();
            await Task.Delay(AskAgainPause).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AskAgainPause = TimeSpan.FromMilliseconds(250);

    /// <summary>A scheduler that refused this node for good is not looked for again from it: only a new node gets in.</summary>
    private static void ThrowIfRefused(QuarantineRefusals refusals, string host, int port)
    {
        if (refusals.Refusal(host, port) is { } refusal)
        {
            throw new SchedulerUnavailableException(
                $"The scheduler at {host}:{port} and this client's node dropped each other: they could not hear each other for longer " +
                "than the remote watch allows (about 11 s: a paused process, or a network cut), and Akka then refuses that pair of nodes for good.",
                new CutOffException(refusal));
        }
    }

    /// <summary>The first association event with the scheduler's address, waited for briefly; null when none came.</summary>
    private static async Task<RemotingLifecycleEvent?> OutcomeAsync(ConcurrentQueue<RemotingLifecycleEvent> events, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (true)
        {
            var outcome = events.FirstOrDefault(e => e switch
            {
                AssociatedEvent associated => associated.RemoteAddress.Port == port,
                AssociationErrorEvent failed => failed.RemoteAddress.Port == port,
                _ => false,
            });
            if (outcome is not null || DateTime.UtcNow > deadline)
            {
                return outcome;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Nothing listening, or nothing reachable, is known from a plain TCP connection; it is closed at once.</summary>
    private static async Task ProbeAsync(string host, int port, TimeSpan timeout)
    {
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await probe.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException refused) when (refused.SocketErrorCode == SocketError.ConnectionRefused)
        {
            throw new SchedulerUnavailableException(
                $"Nothing listens at {host}:{port}: is Rltk.Scheduler.Host running there, on that port?", refused);
        }
        catch (SocketException unreachable)
        {
            throw new SchedulerUnavailableException($"Cannot reach {host}:{port} from this machine: {unreachable.Message}.", unreachable);
        }
        catch (OperationCanceledException)
        {
            throw new SchedulerUnavailableException(
                $"No answer from {host}:{port} within {timeout}: is that port reachable from this machine (a firewall, a wrong address)?");
        }
    }

    private static string Explain(string address, TimeSpan timeout, bool answered, Exception? error, ActorSystem system, bool usesTls, bool foundBefore)
    {
        var innermost = error?.Innermost();
        if (innermost is AuthenticationException || error?.ToString().Contains("TLS handshake failed", StringComparison.Ordinal) == true
            || CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name == "TlsHandshakeFailureReason")
        {
            return innermost?.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal) == true
                ? $"The TLS handshake with {address} failed: this client refused the scheduler's certificate, which the CA of " +
                  "RemoteOptions.Tls did not sign (is it this cluster's CA?)."
                : $"The TLS handshake with {address} failed: {innermost?.Message ?? "the scheduler refused it"} — the scheduler refused " +
                  "this client's certificate, which the cluster's CA must sign (RemoteOptions.Tls).";
        }

        if (error is not null)
        {
            return usesTls
                ? $"The TLS handshake with {address} was refused by the scheduler ({innermost!.Message}): it did not accept this client's " +
                  "certificate — is it signed by the cluster's CA? — or it does not run TLS."
                : $"{address} accepted the connection, then refused Akka's handshake ({innermost!.Message}): either the cluster runs " +
                  "TLS and this client does not (give RemoteOptions.Tls the cluster's CA and a certificate it signed), or that port is " +
                  "another program's (the scheduler's dashboard, say: give the scheduler's own port, 8786 by default).";
        }

        if (answered)
        {
            return $"{address} answered, but runs no scheduler: give the address of Rltk.Scheduler.Host, not of a worker.";
        }

        if (foundBefore)
        {
            return $"{address}, where this client found its scheduler before, accepts connections but does not answer: the scheduler may be paused or overloaded.";
        }

        return usesTls
            ? $"The TLS handshake with {address} did not complete within {timeout}: the scheduler did not accept this client's certificate " +
              "— is it signed by the cluster's CA? — or it does not run TLS (then start it with --tls-ca-file, --tls-cert and --tls-key)."
            : $"{address} accepts connections but did not complete Akka's handshake within {timeout}: if the cluster runs TLS, give " +
              "RemoteOptions.Tls; otherwise that port is another program's (the scheduler's dashboard, say: give the scheduler's own port, 8786 by default).";
    }

    private sealed class LifecycleListener : ReceiveActor
    {
        public LifecycleListener(ConcurrentQueue<RemotingLifecycleEvent> events) => Receive<RemotingLifecycleEvent>(events.Enqueue);
    }
}
