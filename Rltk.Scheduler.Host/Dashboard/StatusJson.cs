using System.Text.Json;
using System.Text.Json.Serialization;
using Rltk.Actors;

namespace Rltk.Scheduler.Host.Dashboard;

/// <summary>
/// <see cref="ClusterStatus"/> as <c>/api/status</c> writes it: camelCase, times in ISO 8601, durations as
/// <c>d.hh:mm:ss.fffffff</c>; a CPU share not yet measurable is <c>"NaN"</c> rather than an error.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ClusterStatus))]
internal sealed partial class StatusJson : JsonSerializerContext;
