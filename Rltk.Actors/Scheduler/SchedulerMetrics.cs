using System.Diagnostics.Metrics;

namespace Rltk.Actors.Scheduler;

/// <summary>
/// The scheduler's meter, <c>Rltk.Actors</c>, for <c>dotnet-counters</c> and any OpenTelemetry exporter: inputs
/// and chunks completed and failed, and gauges of the queue, the chunks in flight and the workers. The
/// scheduler updates the gauges' values as it works; readers on other threads see the latest. The meter's tag
/// <c>rltk.scheduler</c> is the scheduler's host:port, for a process that runs more than one.
/// </summary>
internal sealed class SchedulerMetrics : IDisposable
{
    public const string MeterName = "Rltk.Actors";

    public const string SchedulerTag = "rltk.scheduler";

    private readonly Meter _meter;
    private readonly Counter<long> _inputsCompleted;
    private readonly Counter<long> _inputsFailed;
    private readonly Counter<long> _chunksCompleted;
    private readonly Counter<long> _chunksFailed;
    private int _queued;
    private int _inFlight;
    private int _workers;
    private int _mappers;

    public SchedulerMetrics(string schedulerAddress)
    {
        _meter = new Meter(new MeterOptions(MeterName) { Tags = [new(SchedulerTag, schedulerAddress)] });
        _inputsCompleted = _meter.CreateCounter<long>("rltk.inputs.completed", "{input}", "Inputs whose result reached their client, failed ones included.");
        _inputsFailed = _meter.CreateCounter<long>("rltk.inputs.failed", "{input}", "Inputs on which user code failed.");
        _chunksCompleted = _meter.CreateCounter<long>("rltk.chunks.completed", "{chunk}", "Chunks whose result reached their client.");
        _chunksFailed = _meter.CreateCounter<long>("rltk.chunks.failed", "{chunk}", "Chunks with at least one failed input.");
        _meter.CreateObservableGauge("rltk.queue.depth", () => Volatile.Read(ref _queued), "{chunk}", "Chunks waiting for a worker.");
        _meter.CreateObservableGauge("rltk.chunks.in_flight", () => Volatile.Read(ref _inFlight), "{chunk}", "Chunks given to workers, not yet confirmed by their client.");
        _meter.CreateObservableGauge("rltk.workers", () => Volatile.Read(ref _workers), "{worker}", "Workers registered with the scheduler.");
        _meter.CreateObservableGauge("rltk.mappers", () => Volatile.Read(ref _mappers), "{mapper}", "Mappers of the registered workers.");
    }

    public void ChunkDelivered(int inputs)
    {
        _chunksCompleted.Add(1);
        _inputsCompleted.Add(inputs);
    }

    /// <summary>What a delivered chunk's worker said failed in it; it may come after the delivery.</summary>
    public void ChunkFailures(int failed)
    {
        if (failed > 0)
        {
            _chunksFailed.Add(1);
            _inputsFailed.Add(failed);
        }
    }

    public void Gauges(int queued, int inFlight, int workers, int mappers)
    {
        Volatile.Write(ref _queued, queued);
        Volatile.Write(ref _inFlight, inFlight);
        Volatile.Write(ref _workers, workers);
        Volatile.Write(ref _mappers, mappers);
    }

    public void Dispose() => _meter.Dispose();
}
