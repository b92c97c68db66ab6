namespace Capture.Pipeline.Cameras;

/// <summary>A message about one camera: a command to it, its reply, or an event it published.</summary>
public interface ICameraMessage
{
    /// <summary>The camera the message is about.</summary>
    CameraId CameraId { get; }
}

/// <summary>A command to one camera; only commands are routed, by their id (the rig today, cluster sharding later).</summary>
public interface ICameraCommand : ICameraMessage;

/// <summary>A camera's reply to a command.</summary>
public interface ICameraReply : ICameraMessage;

/// <summary>What a camera publishes on the actor system's EventStream.</summary>
public interface ICameraEvent : ICameraMessage;
