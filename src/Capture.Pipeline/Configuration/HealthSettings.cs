namespace Capture.Pipeline.Configuration;

/// <summary>When a camera counts as stalled or degraded (<c>capture.health</c>).</summary>
/// <param name="StallFactor">Expected frame intervals without a frame before a camera is stalled.</param>
/// <param name="MinStallTimeout">The shortest stall timeout.</param>
/// <param name="CheckInterval">How often a camera checks its counters.</param>
/// <param name="LossWindow">The window over which a pipeline's losses are judged.</param>
/// <param name="MaxLoss">The fraction of a stage's frames it may lose (to errors, full queues, corruption) in a window before the camera is Degraded.</param>
public sealed record HealthSettings(double StallFactor, TimeSpan MinStallTimeout, TimeSpan CheckInterval, TimeSpan LossWindow, double MaxLoss)
{
    /// <summary>How long without a frame is a stall for a camera at <paramref name="frameRate"/> fps, unless the camera overrides it.</summary>
    public TimeSpan StallTimeoutFor(double? frameRate, TimeSpan? cameraOverride)
    {
        if (cameraOverride is { } fixedTimeout)
        {
            return fixedTimeout;
        }

        var interval = TimeSpan.FromSeconds(StallFactor / Math.Max(frameRate ?? 1, 0.001));
        return interval > MinStallTimeout ? interval : MinStallTimeout;
    }
}
