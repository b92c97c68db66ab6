using Capture.Pipeline.Cameras;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Capture.Host.Api;

/// <summary>Readiness of the rig: one entry per camera. All up is Healthy; some down is Degraded (still 200: the others work); all down, or a rig that does not answer, is Unhealthy.</summary>
/// <remarks>Up means delivering (Healthy, Degraded) or open (Stalled), or stopped on purpose.</remarks>
internal sealed class RigHealthCheck(ICaptureRig rig) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<CameraStatus> cameras;
        try
        {
            cameras = await rig.GetCamerasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Core.Media.MediaException or TimeoutException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("The rig did not answer.", e);
        }

        var data = cameras.ToDictionary(c => c.CameraId.Value, c => (object)(c.Reason is null ? c.Health.ToString() : $"{c.Health}: {c.Reason}"));
        int down = cameras.Count(c => !IsUp(c.Health));
        string summary = $"{cameras.Count - down} of {cameras.Count} cameras up";
        return down == 0 ? HealthCheckResult.Healthy(summary, data)
            : down < cameras.Count ? HealthCheckResult.Degraded(summary, data: data)
            : HealthCheckResult.Unhealthy(summary, data: data);
    }

    private static bool IsUp(CameraHealth health) => health is CameraHealth.Healthy or CameraHealth.Degraded or CameraHealth.Stalled or CameraHealth.Stopped;
}
