namespace Capture.Pipeline.Cameras;

/// <summary>A message routed to one camera; the id lets the rig (and later cluster sharding) route it.</summary>
public interface ICameraMessage
{
    /// <summary>The camera the message is for.</summary>
    CameraId CameraId { get; }
}
