namespace Capture.Pipeline.Configuration;

/// <summary>The values <c>source</c> may take.</summary>
public static class CameraSources
{
    /// <summary>The synthetic test-pattern camera.</summary>
    public const string Synthetic = "synthetic";

    /// <summary>An HTTP MJPEG camera (<c>multipart/x-mixed-replace</c>).</summary>
    public const string Mjpeg = "mjpeg";

    /// <summary>Anything ffmpeg reads: RTSP cameras, files, …</summary>
    public const string Ffmpeg = "ffmpeg";

    /// <summary>A USB (UVC) camera through Linux V4L2.</summary>
    public const string V4L2 = "v4l2";

    /// <summary>Every known source.</summary>
    public static IReadOnlyList<string> All { get; } = [Synthetic, Mjpeg, Ffmpeg, V4L2];
}
