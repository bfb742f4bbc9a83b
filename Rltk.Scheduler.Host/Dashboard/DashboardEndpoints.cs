using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;

namespace Rltk.Scheduler.Host.Dashboard;

/// <summary>
/// What the dashboard serves, GET only: <c>/</c> the page, <c>/api/status</c> the cluster's status as JSON,
/// <c>/healthz</c> the node's health checks. Anything else than GET is refused (405): the dashboard reads
/// the cluster and changes nothing.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The page may talk to this server only, and load nothing from anywhere: what it needs is inline.</summary>
    private const string PagePolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";

    private static readonly Lazy<byte[]> Page = new(ReadPage);

    public static void Map(WebApplication app, IReadOnlyActorRegistry registry)
    {
        app.Use(OnlyGet);
        app.MapGet("/", ServePageAsync);
        app.MapGet("/api/status", context => ServeStatusAsync(context, registry));
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync });
    }

    private static Task OnlyGet(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = HttpMethods.Get;
        return Task.CompletedTask;
    }

    private static Task ServePageAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentType = "text/html; charset=utf-8";
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = PagePolicy;
        headers.XContentTypeOptions = "nosniff";
        return context.Response.Body.WriteAsync(Page.Value).AsTask();
    }

    private static async Task ServeStatusAsync(HttpContext context, IReadOnlyActorRegistry registry)
    {
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            var status = await SchedulerStatus.AskAsync(registry, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(status, StatusJson.Default.ClusterStatus, cancellationToken: context.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync($"The scheduler did not answer within {SchedulerStatus.AnswerTimeout.TotalSeconds:0} s.", context.RequestAborted);
        }
    }

    private static byte[] ReadPage()
    {
        using var resource = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("dashboard.html")
            ?? throw new InvalidOperationException("The dashboard's page is missing from the scheduler host's assembly.");
        using var page = new MemoryStream();
        resource.CopyTo(page);
        return page.ToArray();
    }
}
