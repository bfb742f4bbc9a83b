using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rltk.Scheduler.Host.Dashboard;

/// <summary>
/// The scheduler node's health, as Akka.Hosting health checks (served at the dashboard's <c>/healthz</c>):
/// its actor system runs, and its scheduler actor answers.
/// </summary>
internal static class SchedulerHealthChecks
{
    public static AkkaConfigurationBuilder WithSchedulerHealthChecks(this AkkaConfigurationBuilder builder) =>
        builder
            .WithActorSystemLivenessCheck()
            .WithHealthCheck("rltk.scheduler", SchedulerAnswersAsync);

    private static async Task<HealthCheckResult> SchedulerAnswersAsync(ActorSystem system, ActorRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            var status = await SchedulerStatus.AskAsync(registry, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{status.Workers.Count} workers with {status.Mappers} mappers, {status.Tasks.Count} open tasks");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the scheduler actor did not answer within {SchedulerStatus.AnswerTimeout.TotalSeconds:0} s");
        }
    }
}
