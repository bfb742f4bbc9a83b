namespace Rltk.Actors.Benchmarks;

/// <summary>A browser with the scheduler's dashboard open, as far as the scheduler can tell: its status fetched every second, as the page does.</summary>
internal sealed class DashboardViewer : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    private DashboardViewer(string url) => _polling = PollAsync(new Uri(new Uri(url), "api/status"));

    /// <summary>Status pages fetched so far.</summary>
    public int Fetched { get; private set; }

    public static DashboardViewer Open(string dashboardUrl) => new(dashboardUrl);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _polling.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task PollAsync(Uri status)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var response = await _http.GetAsync(status, _stop.Token);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsStringAsync(_stop.Token);
            Fetched++;
            await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
        }
    }
}
