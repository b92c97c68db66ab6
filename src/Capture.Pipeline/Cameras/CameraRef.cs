using Akka.Actor;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>A typed handle on one camera of a rig: the same calls as a local track and ImageCapture, over the actor protocol.</summary>
/// <remarks>
/// Every call asks the rig with the configured timeout and the caller's token. W3C error replies come back as the
/// exceptions a local call throws: <see cref="OverconstrainedException"/>, <see cref="MediaException"/>,
/// <see cref="ArgumentException"/> (TypeError); a camera that does not answer in time gives UnknownError.
/// </remarks>
public sealed class CameraRef
{
    private readonly RigResolver _rig;
    private readonly TimeSpan _timeout;

    internal CameraRef(RigResolver rig, CameraId id, TimeSpan timeout)
    {
        _rig = rig;
        _timeout = timeout;
        Id = id;
    }

    /// <summary>The camera's id.</summary>
    public CameraId Id { get; }

    /// <summary>Applies constraints to the camera's track; returns the new settings.</summary>
    /// <exception cref="ArgumentException">A number in <paramref name="constraints"/> is not finite (W3C TypeError), thrown before anything is sent.</exception>
    public async Task<MediaTrackSettings> ApplyConstraintsAsync(MediaTrackConstraints? constraints = null, CancellationToken cancellationToken = default)
    {
        constraints?.Validate(); // here, as a browser's bindings do: the camera may be on another node, and JSON has no NaN
        return (await AskAsync<Camera.TrackSettings>(new Camera.ApplyConstraints(Id, constraints), cancellationToken).ConfigureAwait(false)).Settings;
    }

    /// <summary>The track's capabilities.</summary>
    public async Task<MediaTrackCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.TrackCapabilities>(new Camera.GetCapabilities(Id), cancellationToken).ConfigureAwait(false)).Capabilities;

    /// <summary>The constraints last applied.</summary>
    public async Task<MediaTrackConstraints> GetConstraintsAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.TrackConstraints>(new Camera.GetConstraints(Id), cancellationToken).ConfigureAwait(false)).Constraints;

    /// <summary>The track's current settings.</summary>
    public async Task<MediaTrackSettings> GetSettingsAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.TrackSettings>(new Camera.GetSettings(Id), cancellationToken).ConfigureAwait(false)).Settings;

    /// <summary>What photos can be taken.</summary>
    public async Task<PhotoCapabilities> GetPhotoCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.CurrentPhotoCapabilities>(new Camera.GetPhotoCapabilities(Id), cancellationToken).ConfigureAwait(false)).Capabilities;

    /// <summary>The photo settings in effect.</summary>
    public async Task<PhotoSettings> GetPhotoSettingsAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.CurrentPhotoSettings>(new Camera.GetPhotoSettings(Id), cancellationToken).ConfigureAwait(false)).Settings;

    /// <summary>Takes a photo.</summary>
    public async Task<Photo> TakePhotoAsync(PhotoSettings? settings = null, CancellationToken cancellationToken = default)
    {
        var taken = await TakePhotoTakenAsync(settings, cancellationToken).ConfigureAwait(false);
        return new Photo(taken.Bytes, taken.Type, taken.CapturedAt);
    }

    /// <summary>Takes a photo; answers the camera's reply, which names the camera.</summary>
    internal Task<Camera.PhotoTaken> TakePhotoTakenAsync(PhotoSettings? settings, CancellationToken cancellationToken) =>
        AskAsync<Camera.PhotoTaken>(new Camera.TakePhoto(Id, settings), cancellationToken);

    /// <summary>Grabs the next frame, encoded as PNG (or JPEG).</summary>
    public Task<Camera.FrameGrabbed> GrabFrameAsync(string type = "image/png", CancellationToken cancellationToken = default) =>
        AskAsync<Camera.FrameGrabbed>(new Camera.GrabFrame(Id, type), cancellationToken);

    /// <summary>Reads a machine-vision camera's GenICam feature by its own name.</summary>
    public async Task<string> GetFeatureAsync(string name, CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.Feature>(new Camera.GetFeature(Id, name), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Writes a machine-vision camera's GenICam feature by its own name; answers what the camera kept (it is written again at every open).</summary>
    public async Task<string> SetFeatureAsync(string name, string value, CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.Feature>(new Camera.SetFeature(Id, name, value), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Fires the camera's software trigger; answers the frame it exposed.</summary>
    public Task<Camera.Triggered> TriggerAsync(CancellationToken cancellationToken = default) =>
        AskAsync<Camera.Triggered>(new Camera.Trigger(Id), cancellationToken);

    /// <summary>Arms the camera for a synchronised start and starts it when <paramref name="barrier"/> releases; answers its first frame after.</summary>
    /// <remarks>Used by <see cref="ICaptureRig.StartTogetherAsync"/>, which makes the barrier for all the cameras it starts.</remarks>
    public Task<Camera.Triggered> StartTogetherAsync(StartBarrier barrier, CancellationToken cancellationToken = default) =>
        AskAsync<Camera.Triggered>(new Camera.StartTogether(Id, barrier), cancellationToken);

    /// <summary>Stops the camera and closes its device.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => AskAsync<Camera.CameraStopped>(new Camera.StopCamera(Id), cancellationToken);

    /// <summary>Starts a stopped camera; completes once it is live.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => AskAsync<Camera.CameraStarted>(new Camera.StartCamera(Id), cancellationToken);

    /// <summary>Per-stage counters of the camera's pipeline (empty when it has no sinks).</summary>
    public async Task<IReadOnlyList<Camera.StageReport>> GetPipelineAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<Camera.PipelineReport>(new Camera.GetPipeline(Id), cancellationToken).ConfigureAwait(false)).Stages;

    /// <summary>The camera's health and counters.</summary>
    public Task<CameraStatus> GetStatusAsync(CancellationToken cancellationToken = default) => AskAsync<CameraStatus>(new Camera.GetStatus(Id), cancellationToken);

    private async Task<T> AskAsync<T>(ICameraMessage message, CancellationToken cancellationToken)
    {
        object reply;
        try
        {
            var rig = await _rig(cancellationToken).ConfigureAwait(false);
            reply = await rig.Ask<object>(message, _timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new MediaException(MediaErrorNames.UnknownError, $"Camera '{Id}' did not answer within {_timeout.TotalSeconds:0.###} s.", e);
        }

        return reply switch
        {
            T result => result,
            Camera.MediaError error => throw error.ToException(),
            _ => throw new InvalidOperationException($"Camera '{Id}' replied {reply.GetType().Name} to {message.GetType().Name}."),
        };
    }
}
