using System.Buffers;
using System.Collections.Immutable;
using Akka.Actor;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages;

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
    /// <remarks>Every incarnation of the actor (after a restart) shares one gate, so it opens the device only once the previous one closed it.</remarks>
    public static Props Props(CameraSettings camera, CaptureSettings rig, CameraDriverFactory drivers, LiveViews? liveViews = null)
    {
        var gate = new DeviceGate();
        return Akka.Actor.Props.Create(() => new CameraActor(camera, rig, drivers, liveViews, gate));
    }

    /// <summary>W3C <c>applyConstraints</c>; replies <see cref="TrackSettings"/> with the new settings.</summary>
    public sealed record ApplyConstraints(CameraId CameraId, MediaTrackConstraints? Constraints) : ICameraCommand;

    /// <summary>W3C <c>getCapabilities</c>; replies <see cref="TrackCapabilities"/>.</summary>
    public sealed record GetCapabilities(CameraId CameraId) : ICameraCommand;

    /// <summary>W3C <c>getConstraints</c>; replies <see cref="TrackConstraints"/>.</summary>
    public sealed record GetConstraints(CameraId CameraId) : ICameraCommand;

    /// <summary>W3C <c>getSettings</c>; replies <see cref="TrackSettings"/>.</summary>
    public sealed record GetSettings(CameraId CameraId) : ICameraCommand;

    /// <summary>W3C <c>getPhotoCapabilities</c>; replies <see cref="CurrentPhotoCapabilities"/>.</summary>
    public sealed record GetPhotoCapabilities(CameraId CameraId) : ICameraCommand;

    /// <summary>W3C <c>getPhotoSettings</c>; replies <see cref="CurrentPhotoSettings"/>.</summary>
    public sealed record GetPhotoSettings(CameraId CameraId) : ICameraCommand;

    /// <summary>W3C <c>takePhoto</c>; replies <see cref="PhotoTaken"/>.</summary>
    public sealed record TakePhoto(CameraId CameraId, PhotoSettings? Settings = null) : ICameraCommand;

    /// <summary>W3C <c>grabFrame</c>, encoded as <paramref name="Type"/> ("image/png" or "image/jpeg"); replies <see cref="FrameGrabbed"/>.</summary>
    public sealed record GrabFrame(CameraId CameraId, string Type = "image/png") : ICameraCommand;

    /// <summary>Reads a machine-vision camera's GenICam feature by name; replies <see cref="Feature"/>.</summary>
    public sealed record GetFeature(CameraId CameraId, string Name) : ICameraCommand;

    /// <summary>Writes a machine-vision camera's GenICam feature by name (written again at every open); replies <see cref="Feature"/> with what the camera kept.</summary>
    public sealed record SetFeature(CameraId CameraId, string Name, string Value) : ICameraCommand;

    /// <summary>The reply to <see cref="GetFeature"/> and <see cref="SetFeature"/>: the feature's value as the camera reads it.</summary>
    public sealed record Feature(CameraId CameraId, string Name, string Value) : ICameraReply;

    /// <summary>Fires a camera in software trigger mode (<c>trigger { mode = software }</c>); replies <see cref="Triggered"/> with the frame it exposed.</summary>
    public sealed record Trigger(CameraId CameraId) : ICameraCommand;

    /// <summary>
    /// Arms the camera for a synchronised start and starts it when <paramref name="Barrier"/> releases every camera of
    /// the start; replies <see cref="Triggered"/> with its first frame after the release (<c>FiredAt</c> is the release).
    /// A local message: the barrier is shared in one process.
    /// </summary>
    public sealed record StartTogether(CameraId CameraId, StartBarrier Barrier) : ICameraCommand, INoSerializationVerificationNeeded;

    /// <summary>
    /// The reply to <see cref="Trigger"/> and <see cref="StartTogether"/>: the exposed frame's sequence number (the
    /// device's frame id) and device timestamp, and the host's times of the command and of the frame's arrival.
    /// </summary>
    public sealed record Triggered(CameraId CameraId, long Sequence, TimeSpan? DeviceTimestamp, DateTimeOffset FiredAt, DateTimeOffset ArrivedAt) : ICameraReply;

    /// <summary>Ends the track and closes the device; replies <see cref="CameraStopped"/> once closed.</summary>
    public sealed record StopCamera(CameraId CameraId) : ICameraCommand;

    /// <summary>Opens a stopped camera; replies <see cref="CameraStarted"/> once live.</summary>
    public sealed record StartCamera(CameraId CameraId) : ICameraCommand;

    /// <summary>Health and counters; answered at once in every state with <see cref="CameraStatus"/>.</summary>
    public sealed record GetStatus(CameraId CameraId) : ICameraCommand;

    /// <summary>Per-stage counters of the camera's pipeline; answered at once in every state with <see cref="PipelineReport"/>.</summary>
    public sealed record GetPipeline(CameraId CameraId) : ICameraCommand;

    /// <summary>The reply to <see cref="GetPipeline"/>; empty when the camera has no sinks.</summary>
    public sealed record PipelineReport(CameraId CameraId, ImmutableArray<StageReport> Stages) : ICameraReply
    {
        internal static PipelineReport Of(CameraId cameraId, IReadOnlyList<StageMetrics> stages) => new(
            cameraId,
            [.. stages.Select(m => new StageReport(
                m.Stage,
                m.FramesIn,
                m.FramesOut,
                Enum.GetValues<DropReason>().Where(r => m.Dropped(r) > 0).ToImmutableDictionary(r => r.ToString(), m.Dropped),
                m.Latency.Percentile(0.5),
                m.Latency.Percentile(0.99),
                m.Errors))]);
    }

    /// <summary>One stage's counters: frames in and out, drops by reason, capture→stage latency of recent frames.</summary>
    public sealed record StageReport(string Stage, long FramesIn, long FramesOut, ImmutableDictionary<string, long> Dropped, double? LatencyP50Ms, double? LatencyP99Ms, long Errors);

    /// <summary>The reply to <see cref="GetCapabilities"/>.</summary>
    public sealed record TrackCapabilities(CameraId CameraId, MediaTrackCapabilities Capabilities) : ICameraReply;

    /// <summary>The reply to <see cref="GetConstraints"/>.</summary>
    public sealed record TrackConstraints(CameraId CameraId, MediaTrackConstraints Constraints) : ICameraReply;

    /// <summary>The reply to <see cref="GetSettings"/> and <see cref="ApplyConstraints"/>.</summary>
    public sealed record TrackSettings(CameraId CameraId, MediaTrackSettings Settings) : ICameraReply;

    /// <summary>The reply to <see cref="GetPhotoCapabilities"/>.</summary>
    public sealed record CurrentPhotoCapabilities(CameraId CameraId, PhotoCapabilities Capabilities) : ICameraReply;

    /// <summary>The reply to <see cref="GetPhotoSettings"/>.</summary>
    public sealed record CurrentPhotoSettings(CameraId CameraId, PhotoSettings Settings) : ICameraReply;

    /// <summary>The reply to <see cref="TakePhoto"/>: the encoded image, and when its frame was captured where the camera knows.</summary>
    public sealed record PhotoTaken(CameraId CameraId, byte[] Bytes, string Type, DateTime? CapturedAt = null) : ICameraReply;

    /// <summary>The reply to <see cref="GrabFrame"/>: one frame, encoded, with its metadata.</summary>
    public sealed record FrameGrabbed(CameraId CameraId, byte[] Bytes, string Type, int Width, int Height, long Sequence, DateTime UtcTime) : ICameraReply
    {
        /// <summary>Grabs the next frame of <paramref name="capture"/> and encodes it as <paramref name="type"/>.</summary>
        internal static async Task<FrameGrabbed> GrabAsync(CameraId id, ImageCapture capture, string type)
        {
            var encoder = type switch
            {
                "image/png" => ImageEncoders.Png,
                "image/jpeg" => ImageEncoders.Jpeg,
                _ => throw new ArgumentException($"Cannot encode a frame as '{type}'; use image/png or image/jpeg."),
            };
            using var frame = await capture.GrabFrameAsync().ConfigureAwait(false);
            var output = new ArrayBufferWriter<byte>(frame.Length / 4);
            encoder.Encode(ImageView.Of(frame), 90, output);
            return new FrameGrabbed(id, output.WrittenSpan.ToArray(), encoder.MimeType, frame.Width, frame.Height, frame.Sequence, frame.Info.UtcTime);
        }
    }

    /// <summary>The reply to <see cref="StopCamera"/>.</summary>
    public sealed record CameraStopped(CameraId CameraId) : ICameraReply;

    /// <summary>The reply to <see cref="StartCamera"/>.</summary>
    public sealed record CameraStarted(CameraId CameraId) : ICameraReply;

    /// <summary>A W3C error in reply to any command: the DOMException name ("TypeError" for argument errors), message and constraint.</summary>
    public sealed record MediaError(CameraId CameraId, string Name, string Message, string? Constraint = null) : ICameraReply
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
