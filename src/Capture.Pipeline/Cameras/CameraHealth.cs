namespace Capture.Pipeline.Cameras;

/// <summary>How a camera is doing.</summary>
public enum CameraHealth
{
    /// <summary>Opening the device for the first time.</summary>
    Opening,

    /// <summary>Frames arrive at the expected rate.</summary>
    Healthy,

    /// <summary>Open, but no frame for longer than its stall timeout.</summary>
    Stalled,

    /// <summary>Frames arrive, but a stage or sink of its pipeline loses them (the status says which and why).</summary>
    Degraded,

    /// <summary>The device failed; it is being reopened with back-off.</summary>
    Reconnecting,

    /// <summary>It failed too many times in a row; it keeps retrying at the longest back-off.</summary>
    Failed,

    /// <summary>Stopped on request.</summary>
    Stopped,
}
