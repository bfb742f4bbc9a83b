using Akka.Actor;

namespace Rltk.Actors.Client;

/// <summary>
/// The scheduler a <see cref="Remote"/> works with, found again when its connection is in doubt: the same
/// scheduler goes on; one restarted at the address gets a new session, with the dependencies this Remote
/// added that are still on disk (its scattered values are gone with the old one, as in dask). Many callers
/// share one search.
/// </summary>
internal sealed class SchedulerLink
{
    private static readonly TimeSpan RelocateInterval = TimeSpan.FromMilliseconds(500);

    // One look may meet Akka still holding back the address whose last connection failed, and get no answer at
    // all: looks are kept short so that the next one, after the hold, comes well within the connect timeout.
    private static readonly TimeSpan LookTimeout = TimeSpan.FromSeconds(2);

    private readonly ActorSystem _system;
    private readonly Func<TimeSpan, Task<IActorRef>>? _locate;
    private readonly string _address;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _stopping;
    private readonly Lock _gate = new();
    private readonly List<string> _dependencies = [];
    private SchedulerConnection _current;
    private Task<SchedulerConnection>? _relocating;

    /// <summary>
    /// A link from <paramref name="system"/> that starts on <paramref name="first"/> and finds the scheduler at
    /// <paramref name="address"/> again with <paramref name="locate"/> (each look waiting up to the time given;
    /// null for an embedded cluster's, which cannot come back), looking for up to <paramref name="timeout"/>,
    /// until <paramref name="stopping"/>.
    /// </summary>
    public SchedulerLink(
        ActorSystem system, SchedulerConnection first, Func<TimeSpan, Task<IActorRef>>? locate, string address, TimeSpan timeout, CancellationToken stopping) =>
        (_system, _current, _locate, _address, _timeout, _stopping) = (system, first, locate, address, timeout, stopping);

    /// <summary>False for an embedded cluster's scheduler, which lives and dies with this process.</summary>
    public bool CanLocateAgain => _locate is not null;

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

    private async Task<SchedulerConnection> RelocateAsync(SchedulerConnection doubted)
    {
        if (_locate is null)
        {
            throw new SchedulerUnavailableException("The embedded cluster's scheduler has stopped.");
        }

        var scheduler = await LocateAgainAsync(_locate).ConfigureAwait(false);
        if (scheduler.Equals(doubted.Scheduler) && !doubted.IsLost)
        {
            doubted.Confirmed();
            return doubted;
        }

        var found = await SchedulerConnection.OpenAsync(_system, scheduler, _timeout, $"The scheduler at {_address}").ConfigureAwait(false);
        // Dependencies added while these are shipped are shipped too, before the new scheduler becomes current.
        var shipped = 0;
        while (true)
        {
            string[] unshipped;
            lock (_gate)
            {
                if (shipped == _dependencies.Count)
                {
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

    /// <summary>
    /// The scheduler at the address, looked for until the connect timeout: one restarted there takes a
    /// moment to listen, and Akka holds back a connection to an address whose last one failed for a few seconds.
    /// </summary>
    private async Task<IActorRef> LocateAgainAsync(Func<TimeSpan, Task<IActorRef>> locate)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            try
            {
                return await locate(left < LookTimeout ? left : LookTimeout).ConfigureAwait(false);
            }
            catch (SchedulerUnavailableException) when (DateTime.UtcNow + RelocateInterval < deadline && !_stopping.IsCancellationRequested)
            {
                await Task.Delay(RelocateInterval).ConfigureAwait(false);
            }
        }
    }
}
