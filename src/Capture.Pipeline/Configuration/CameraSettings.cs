using System.Collections.Immutable;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Media;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Configuration;

/// <summary>One camera of the rig, as configured under <c>capture.cameras.&lt;id&gt;</c>.</summary>
public sealed record CameraSettings
{
    /// <summary>The camera id (the block's name).</summary>
    public required CameraId Id { get; init; }

    /// <summary>The driver: "synthetic", "mjpeg", "ffmpeg" or "v4l2".</summary>
    public SourceKind Source { get; init; }

    /// <summary>A human-readable name.</summary>
    public required string Label { get; init; }

    /// <summary>What the source reads: the MJPEG URL, ffmpeg's input (RTSP URL, file…), or the V4L2 device node.</summary>
    public string? Url { get; init; }

    /// <summary>User and password for the source, when it asks; never printed.</summary>
    public SourceCredentials? Credentials { get; init; }

    /// <summary>How long a network frame may take before the stream counts as lost.</summary>
    public required TimeSpan ReadTimeout { get; init; }

    /// <summary>mjpeg: the URL returns one JPEG per request; poll it at the frame rate.</summary>
    public bool Snapshot { get; init; }

    /// <summary>ffmpeg: read a file in a loop at its own pace.</summary>
    public bool Loop { get; init; }

    /// <summary>The constraints applied when the camera opens, until a user applies others.</summary>
    public MediaTrackConstraints Constraints { get; init; } = new();

    /// <summary>The capability profile of a synthetic camera; the default profile when null.</summary>
    public CameraProfile? Profile { get; init; }

    /// <summary>A machine-vision camera's pixel format: <see cref="VideoPixelFormat.Gray8"/> (Mono8), <see cref="VideoPixelFormat.Gray16"/> (Mono16) or a Bayer mosaic (<see cref="VideoPixelFormat.BayerRG8"/>…).</summary>
    public VideoPixelFormat PixelFormat { get; init; } = VideoPixelFormat.Gray8;

    /// <summary>A machine-vision camera's GenICam features written by name at every open, in order (<c>features { GainRaw = 10 }</c>).</summary>
    public ImmutableArray<KeyValuePair<string, string>> Features { get; init; } = [];

    /// <summary>What exposes a machine-vision camera's frames: free-running, or one per software or line-0 trigger.</summary>
    public TriggerMode Trigger { get; init; } = TriggerMode.Off;

    /// <summary>Overrides the stall timeout derived from the frame rate (for event-driven sources).</summary>
    public TimeSpan? StallTimeout { get; init; }

    /// <summary>Failures a synthetic camera rehearses.</summary>
    public SyntheticFaults Faults { get; init; } = SyntheticFaults.None;

    /// <summary>What a synthetic camera shows: the moving pattern, or a still view with noise and a scripted object.</summary>
    public SyntheticSceneScript Scene { get; init; } = SyntheticSceneScript.Pattern;

    /// <summary>The motion stage, when the camera has one; its events go to the rig's EventStream.</summary>
    public MotionSettings? Motion { get; init; }

    /// <summary>The processing stages, in order (<c>pipeline = [ overlay, { encode = jpeg, quality = 85 } ]</c>).</summary>
    public System.Collections.Immutable.ImmutableArray<StageSettings> Pipeline { get; init; } = [];

    /// <summary>Where the camera's frames go (<c>sinks = [ images, { video { segment = 5m } } ]</c>); none means no pipeline.</summary>
    public System.Collections.Immutable.ImmutableArray<SinkSettings> Sinks { get; init; } = [];

    /// <summary>A hash of the camera's configuration, to tell on reload whether it changed (no secret can be read from it).</summary>
    public string Fingerprint { get; init; } = string.Empty;
}
