using Akka.Actor;
using Akka.Event;
using Rltk.Actors.Failures;
using Rltk.Actors.Hosting;

namespace Rltk.Actors.Client;

/// <summary>
/// The scheduler a <see cref="Remote"/> works with, found again when its connection is in doubt: the same
/// scheduler goes on; one restarted at the address gets a new session, with the dependencies this Remote
/// added that are still on disk (its scattered values are gone with the old one, as in dask). Many callers
/// share one search. A scheduler that refuses this client's node for good (each dropped the other after
/// too long without hearing it) is found again from a new node, which the Remote goes on with.
/// </summary>
internal sealed class SchedulerLink : IAsyncDisposable
{
    private static readonly TimeSpan RelocateInterval = TimeSpan.FromMilliseconds(500);

    // One look may meet Akka still holding back the address whose last connection failed, and get no answer at
    // all: looks are kept short so that the next one, after the hold, comes well within the connect timeout.
    private static readonly TimeSpan LookTimeout = TimeSpan.FromSeconds(2);

    private readonly SchedulerFinder? _finder;
    private readonly string _address;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _stopping;
    private readonly Lock _gate = new();
    private readonly List<string> _dependencies = [];
    private readonly List<IAsyncDisposable> _retired = [];
    private IAsyncDisposable _node;
    private SchedulerConnection _current;
    private Task<SchedulerConnection>? _relocating;
    private bool _disposed;

    /// <summary>
    /// A link that starts on <paramref name="first"/>, from this client's <paramref name="node"/>, and finds the scheduler at
    /// <paramref name="address"/> again with <paramref name="finder"/> (null for an embedded cluster's, which
    /// cannot come back), looking for up to <paramref name="timeout"/>, until <paramref name="stopping"/>.
    /// </summary>
    public SchedulerLink(SchedulerConnection first, IAsyncDisposable node, SchedulerFinder? finder, string address, TimeSpan timeout, CancellationToken stopping) =>
        (_current, _node, _finder, _address, _timeout, _stopping) = (first, node, finder, address, timeout, stopping);

    /// <summary>False for an embedded cluster's scheduler, which lives and dies with this process.</summary>
    public bool CanLocateAgain => _finder is not null;

    /// <summary>The scheduler and session as last found.</summary>
    public SchedulerConnection Current => Volatile.Read(ref _current);

    /// <summary>The scheduler and this client's session there, looked for again first if the connection is in doubt.</summary>
    /// <exception cref="SchedulerUnavailableException">No scheduler answers at the address (now), or the embedded one has stopped.</exception>
    public Task<SchedulerConnection> ConnectionAsync()
    {
        var current = Current;
        if (!current.IsInDoubt)
        {
            return Task.FromResult(current);
        }

        lock (_gate)
        {
            if (_current != current)
            {
                return Task.FromResult(_current);
            }

            if (_relocating is not { IsCompleted: false })
            {
                _relocating = RelocateAsync(current);
            }

            return _relocating;
        }
    }

    /// <summary>Gives a file to every worker, now and after the scheduler is found again.</summary>
    public async Task AddDependencyAsync(string path)
    {
        var connection = await ConnectionAsync().ConfigureAwait(false);
        await connection.Session.AddDependencyAsync(path).ConfigureAwait(false);
        SchedulerConnection current;
        lock (_gate)
        {
            _dependencies.Add(path);
            current = _current;
        }

        // The scheduler was replaced while the file went to the old one (files are kept by content: a second upload is free).
        if (current != connection)
        {
            await current.Session.AddDependencyAsync(path).ConfigureAwait(false);
        }
    }

    /// <summary>Stops this client's node, and any it went on from.</summary>
    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] nodes;
        lock (_gate)
        {
            _disposed = true;
            nodes = [.. _retired, _node];
            _retired.Clear();
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<SchedulerConnection> RelocateAsync(SchedulerConnection doubted)
    {
        if (_finder is null)
        {
            throw new SchedulerUnavailableException("The embedded cluster's scheduler has stopped.");
        }

        var system = doubted.System;
        IActorRef scheduler;
        try
        {
            scheduler = await LocateAgainAsync(system).ConfigureAwait(false);
        }
        catch (SchedulerUnavailableException cutOff) when (cutOff.InnerException is CutOffException)
        {
            system.Log.Warning("{0} Going on from a new client node: the tasks and calls in flight on the old one fail.", cutOff.Message);
            return await FromNewNodeAsync(await _finder.StartNode().ConfigureAwait(false)).ConfigureAwait(false);
        }

        if (scheduler.Equals(doubted.Scheduler) && !doubted.IsLost)
        {
            doubted.Confirmed();
            return doubted;
        }

        return await OpenAsync(system, _node, scheduler).ConfigureAwait(false);
    }

    /// <summary>The scheduler found and a session opened from a new node, or the node stopped again when that fails.</summary>
    private async Task<SchedulerConnection> FromNewNodeAsync(RltkNode node)
    {
        try
        {
            return await OpenAsync(node.System, node, await LocateAgainAsync(node.System).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens a session on <paramref name="scheduler"/> from <paramref name="system"/>, of <paramref name="node"/>, ships the dependencies, and makes it current.</summary>
    private async Task<SchedulerConnection> OpenAsync(ActorSystem system, IAsyncDisposable node, IActorRef scheduler)
    {
        var found = await SchedulerConnection.OpenAsync(system, scheduler, _timeout, $"The scheduler at {_address}").ConfigureAwait(false);
        // Dependencies added while these are shipped are shipped too, before the new scheduler becomes current.
        var shipped = 0;
        while (true)
        {
            string[] unshipped;
            lock (_gate)
            {
                if (shipped == _dependencies.Count)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    if (node != _node)
                    {
                        Retire(_node);
                        _node = node;
                    }

                    _current = found;
                    return found;
                }

                unshipped = [.. _dependencies.Skip(shipped)];
            }

            foreach (var path in unshipped)
            {
                try
                {
                    await found.Session.AddDependencyAsync(path).ConfigureAwait(false);
                }
                catch (FileNotFoundException)
                {
                    // Deleted since it was added: this scheduler's workers go without it, and a handler that asks
                    // for it fails naming it, instead of this Remote never finding its scheduler again.
                }
            }

            shipped += unshipped.Length;
        }
    }

    /// <summary>Stops a node this client went on from once its tasks and calls have failed (they fail as soon as they see the new node).</summary>
    private void Retire(IAsyncDisposable node)
    {
        _retired.Add(node);
        _ = StopLaterAsync();

        async Task StopLaterAsync()
        {
            try
            {
                await Task.Delay(_timeout, _stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // DisposeAsync stops it.
            }

            bool retired;
            lock (_gate)
            {
                retired = _retired.Remove(node);
            }

            if (retired)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The scheduler at the address, looked for until the connect timeout: one restarted there takes a
    /// moment to listen, and Akka holds back a connection to an address whose last one failed for a few seconds.
    /// </summary>
    private async Task<IActorRef> LocateAgainAsync(ActorSystem system)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            try
            {
                return await _finder!.Look(system, left < LookTimeout ? left : LookTimeout).ConfigureAwait(false);
            }
            catch (SchedulerUnavailableException unavailable) when (unavailable.InnerException is not CutOffException && DateTime.UtcNow + RelocateInterval < deadline && !_stopping.IsCancellationRequested)
            {
                await Task.Delay(RelocateInterval).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>How a client finds the scheduler it had again: a look from one of its nodes, and a new node when the scheduler refuses the old one.</summary>
internal sealed record SchedulerFinder(Func<ActorSystem, TimeSpan, Task<IActorRef>> Look, Func<Task<RltkNode>> StartNode);
