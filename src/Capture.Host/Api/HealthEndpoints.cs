using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Capture.Host.Api;

/// <summary><c>/healthz</c>: the process answers (liveness). <c>/readyz</c>: the rig's health check, one entry per camera.</summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddRigHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<RigHealthCheck>("cameras", tags: [Ready]);
        return services;
    }

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = (context, _) => context.Response.WriteAsync("ok") })
            .AllowAnonymous().WithTags("Health").WithSummary("Liveness: the process is up (no API key needed).");
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK, // one camera down does not take the service out of rotation
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        }).WithTags("Health").WithSummary("Readiness: Healthy, Degraded (some cameras down; 200) or Unhealthy (503), with each camera's state.");
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var entries = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data });
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString(), checks = entries }));
    }
}
