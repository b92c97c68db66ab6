namespace Capture.Core.Media;

/// <summary>Policy for a <see cref="MediaDevices"/>: the points where a browser would ask the user or pick a default.</summary>
public sealed record MediaDevicesOptions
{
    /// <summary>Whether tracks expose pan, tilt and zoom.</summary>
    public PanTiltZoomPermission PanTiltZoom { get; init; } = PanTiltZoomPermission.Granted;

    /// <summary>How long <c>GrabFrameAsync</c> waits for a frame before failing with UnknownError (pinned decision 7).</summary>
    public TimeSpan GrabFrameTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When true, <c>audio: true</c> gets a silent audio track (no microphone is involved) instead of NotFoundError, so code that handles audio tracks (<c>new ImageCapture(audioTrack)</c> → NotSupportedError) can be tested.</summary>
    public bool SilentAudio { get; init; }
}
