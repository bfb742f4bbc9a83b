using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rltk.Actors.Tests.EndToEnd;

/// <summary>A scheduler's dashboard, read as a program reads it: <c>/api/status</c> back into a <see cref="ClusterStatus"/>.</summary>
internal static class DashboardApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static HttpClient Client(string dashboardUrl, HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler()) { BaseAddress = new Uri(dashboardUrl), Timeout = HostProcess.DefaultTimeout };

    /// <summary>The status, and the JSON it was read from.</summary>
    public static async Task<(ClusterStatus Status, string Json)> StatusAsync(HttpClient http)
    {
        var json = await http.GetStringAsync("api/status");
        return (JsonSerializer.Deserialize<ClusterStatus>(json, Json)!, json);
    }
}
