namespace Capture.Pipeline.Cameras;

/// <summary>Published on the EventStream whenever a camera's health changes; subscribe to watch a rig.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="Previous">Its health before.</param>
/// <param name="Current">Its health now.</param>
/// <param name="Reason">Why, in words (the device error, "no frame for 2 s", …).</param>
/// <param name="At">When.</param>
public sealed record CameraStateChanged(CameraId CameraId, CameraHealth Previous, CameraHealth Current, string? Reason, DateTimeOffset At) : ICameraEvent;
