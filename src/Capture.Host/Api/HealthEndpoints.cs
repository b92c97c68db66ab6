using Capture.Pipeline.Cameras;

namespace Capture.Host.Api;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: every camera that should run is up.</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok")).WithTags("Health").WithSummary("Liveness: the process is up (no API key needed).");
        app.MapGet("/readyz", async (ICaptureRig rig, CancellationToken ct) =>
        {
            // Ready when each camera not stopped on purpose is delivering (healthy) or at least open (stalled).
            var cameras = await rig.GetCamerasAsync(ct);
            var down = cameras.Where(c => c.Health is not (CameraHealth.Healthy or CameraHealth.Degraded or CameraHealth.Stalled or CameraHealth.Stopped)).Select(c => new { camera = c.CameraId.Value, health = c.Health.ToString() }).ToArray();
            return down.Length == 0 ? Results.Ok(new { ready = true, cameras = cameras.Count }) : Results.Json(new { ready = false, down }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).WithTags("Health").WithSummary("Readiness: every camera that should run is open.");
    }
}
