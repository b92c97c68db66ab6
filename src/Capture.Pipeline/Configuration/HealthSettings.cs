namespace Capture.Pipeline.Configuration;

/// <summary>When a camera counts as stalled (<c>capture.health</c>).</summary>
public sealed record HealthSettings(double StallFactor, TimeSpan MinStallTimeout, TimeSpan CheckInterval)
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
