namespace Capture.Pipeline.Configuration;

/// <summary>Where a camera's frames come from (<c>source = …</c>).</summary>
public enum SourceKind
{
    /// <summary>A generated test scene with the full W3C controls.</summary>
    Synthetic,

    /// <summary>An HTTP MJPEG camera (multipart stream or snapshot URL).</summary>
    Mjpeg,

    /// <summary>Anything ffmpeg reads: RTSP (copied when H.264/H.265), files, other URLs.</summary>
    Ffmpeg,

    /// <summary>An RTSP camera played by our own client (H.264/H.265 without a child process; anything else through ffmpeg).</summary>
    Rtsp,

    /// <summary>A Video4Linux2 device.</summary>
    V4L2,

    /// <summary>A machine-vision camera (GigE Vision, USB3 Vision) through Aravis, named by <c>device</c>.</summary>
    GenICam,
}

/// <summary>Source kinds as written in a config file.</summary>
public static class SourceKinds
{
    /// <summary>The name of <paramref name="kind"/> in a config file and in status replies: <c>synthetic</c>, <c>mjpeg</c>, <c>ffmpeg</c>, <c>rtsp</c>, <c>v4l2</c>, <c>genicam</c>.</summary>
    public static string ConfigName(this SourceKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>
    /// Whether the camera is plugged into one machine (a V4L2 device), so that in a cluster it runs on the node whose
    /// file lists it instead of moving between nodes as network and synthetic cameras do.
    /// </summary>
    public static bool IsDeviceBound(this SourceKind kind) => kind is SourceKind.V4L2;
}
