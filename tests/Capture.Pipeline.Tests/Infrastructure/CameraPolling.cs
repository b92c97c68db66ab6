using Capture.Pipeline.Cameras;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>Polls a camera's status until a condition holds (the actor's work is asynchronous; specs never sleep instead).</summary>
internal static class CameraPolling
{
    public static Task<CameraStatus> WaitForStatusAsync(this CameraRef camera, Func<CameraStatus, bool> condition, int seconds = 30, int intervalMs = 20) =>
        Eventually.UntilAsync(camera.GetStatusAsync, condition, $"camera {camera.Id}'s status", TimeSpan.FromSeconds(seconds), intervalMs);
}
