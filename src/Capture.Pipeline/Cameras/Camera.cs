using System.Collections.Immutable;
using Akka.Actor;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;

namespace Capture.Pipeline.Cameras;

/// <summary>The protocol of one camera actor: its commands, replies and <see cref="Props"/>.</summary>
/// <remarks>
/// Each command mirrors a W3C call on the camera's current track. Replies carry the W3C result, or a
/// <see cref="MediaError"/> record (serializable, so the protocol works across a cluster); <see cref="CameraRef"/>
/// turns those back into <see cref="MediaException"/>s. Commands sent while the camera reconnects wait for it
/// (up to <c>capture.commands.reconnect-wait</c>) and then fail with InvalidStateError: none is lost silently.
/// </remarks>
public sealed class Camera
{
    private Camera()
    {
    }

    /// <summary>The props of a camera actor.</summary>
    public static Props Props(CameraSettings camera, CaptureSettings rig, CameraDriverFactory drivers, DesiredStateStore store, LiveViews? liveViews = null) =>
        Akka.Actor.Props.Create(() => new CameraActor(camera, rig, drivers, store, liveViews));

    /// <summary>W3C <c>applyConstraints</c>; replies <see cref="TrackSettings"/> with the new settings.</summary>
    public sealed record ApplyConstraints(CameraId CameraId, MediaTrackConstraints? Constraints) : ICameraMessage;

    /// <summary>W3C <c>getCapabilities</c>; replies <see cref="TrackCapabilities"/>.</summary>
    public sealed record GetCapabilities(CameraId CameraId) : ICameraMessage;

    /// <summary>W3C <c>getConstraints</c>; replies <see cref="TrackConstraints"/>.</summary>
    public sealed record GetConstraints(CameraId CameraId) : ICameraMessage;

    /// <summary>W3C <c>getSettings</c>; replies <see cref="TrackSettings"/>.</summary>
    public sealed record GetSettings(CameraId CameraId) : ICameraMessage;

    /// <summary>W3C <c>getPhotoCapabilities</c>; replies <see cref="CurrentPhotoCapabilities"/>.</summary>
    public sealed record GetPhotoCapabilities(CameraId CameraId) : ICameraMessage;

    /// <summary>W3C <c>getPhotoSettings</c>; replies <see cref="CurrentPhotoSettings"/>.</summary>
    public sealed record GetPhotoSettings(CameraId CameraId) : ICameraMessage;

    /// <summary>W3C <c>takePhoto</c>; replies <see cref="PhotoTaken"/>.</summary>
    public sealed record TakePhoto(CameraId CameraId, PhotoSettings? Settings = null) : ICameraMessage;

    /// <summary>W3C <c>grabFrame</c>, encoded as <paramref name="Type"/> ("image/png" or "image/jpeg"); replies <see cref="FrameGrabbed"/>.</summary>
    public sealed record GrabFrame(CameraId CameraId, string Type = "image/png") : ICameraMessage;

    /// <summary>Ends the track and closes the device; replies <see cref="CameraStopped"/> once closed.</summary>
    public sealed record StopCamera(CameraId CameraId) : ICameraMessage;

    /// <summary>Opens a stopped camera; replies <see cref="CameraStarted"/> once live.</summary>
    public sealed record StartCamera(CameraId CameraId) : ICameraMessage;

    /// <summary>Health and counters; answered at once in every state with <see cref="CameraStatus"/>.</summary>
    public sealed record GetStatus(CameraId CameraId) : ICameraMessage;

    /// <summary>Per-stage counters of the camera's pipeline; answered at once in every state with <see cref="PipelineReport"/>.</summary>
    public sealed record GetPipeline(CameraId CameraId) : ICameraMessage;

    /// <summary>The reply to <see cref="GetPipeline"/>; empty when the camera has no sinks.</summary>
    public sealed record PipelineReport(CameraId CameraId, ImmutableArray<StageReport> Stages) : ICameraMessage;

    /// <summary>One stage's counters: frames in and out, drops by reason, capture→stage latency of recent frames.</summary>
    public sealed record StageReport(string Stage, long FramesIn, long FramesOut, ImmutableDictionary<string, long> Dropped, double? LatencyP50Ms, double? LatencyP99Ms, long Errors);

    /// <summary>The reply to <see cref="GetCapabilities"/>.</summary>
    public sealed record TrackCapabilities(CameraId CameraId, MediaTrackCapabilities Capabilities) : ICameraMessage;

    /// <summary>The reply to <see cref="GetConstraints"/>.</summary>
    public sealed record TrackConstraints(CameraId CameraId, MediaTrackConstraints Constraints) : ICameraMessage;

    /// <summary>The reply to <see cref="GetSettings"/> and <see cref="ApplyConstraints"/>.</summary>
    public sealed record TrackSettings(CameraId CameraId, MediaTrackSettings Settings) : ICameraMessage;

    /// <summary>The reply to <see cref="GetPhotoCapabilities"/>.</summary>
    public sealed record CurrentPhotoCapabilities(CameraId CameraId, PhotoCapabilities Capabilities) : ICameraMessage;

    /// <summary>The reply to <see cref="GetPhotoSettings"/>.</summary>
    public sealed record CurrentPhotoSettings(CameraId CameraId, PhotoSettings Settings) : ICameraMessage;

    /// <summary>The reply to <see cref="TakePhoto"/>: the encoded image.</summary>
    public sealed record PhotoTaken(CameraId CameraId, byte[] Bytes, string Type) : ICameraMessage;

    /// <summary>The reply to <see cref="GrabFrame"/>: one frame, encoded, with its metadata.</summary>
    public sealed record FrameGrabbed(CameraId CameraId, byte[] Bytes, string Type, int Width, int Height, long Sequence, DateTime UtcTime) : ICameraMessage;

    /// <summary>The reply to <see cref="StopCamera"/>.</summary>
    public sealed record CameraStopped(CameraId CameraId) : ICameraMessage;

    /// <summary>The reply to <see cref="StartCamera"/>.</summary>
    public sealed record CameraStarted(CameraId CameraId) : ICameraMessage;

    /// <summary>A W3C error in reply to any command: the DOMException name ("TypeError" for argument errors), message and constraint.</summary>
    public sealed record MediaError(CameraId CameraId, string Name, string Message, string? Constraint = null) : ICameraMessage
    {
        /// <summary>The error as a reply record.</summary>
        public static MediaError From(CameraId cameraId, Exception exception)
        {
            ArgumentNullException.ThrowIfNull(exception);
            var error = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
            return error switch
            {
                OverconstrainedException o => new MediaError(cameraId, o.Name, o.Message, o.Constraint),
                MediaException m => new MediaError(cameraId, m.Name, m.Message),
                ArgumentException a => new MediaError(cameraId, TypeError, a.Message),
                _ => new MediaError(cameraId, MediaErrorNames.UnknownError, error.Message),
            };
        }

        /// <summary>The name used for WebIDL argument errors.</summary>
        public const string TypeError = nameof(TypeError);

        /// <summary>The exception a local call would have thrown.</summary>
        public Exception ToException() => Name switch
        {
            MediaErrorNames.OverconstrainedError => new OverconstrainedException(Constraint ?? string.Empty, Message),
            TypeError => new ArgumentException(Message),
            _ => new MediaException(Name, Message),
        };
    }
}
