namespace Capture.Core.Frames;

/// <summary>How a frame's bytes are laid out.</summary>
public enum VideoPixelFormat
{
    /// <summary>8-bit blue, green, red, alpha per pixel (little-endian ARGB32).</summary>
    Bgra32,

    /// <summary>8-bit red, green, blue, alpha per pixel.</summary>
    Rgba32,

    /// <summary>Planar Y, then U and V at half resolution in both directions.</summary>
    I420,

    /// <summary>Planar Y, then interleaved UV at half resolution.</summary>
    Nv12,

    /// <summary>An already-encoded JPEG image (MJPEG cameras); not pixels until decoded.</summary>
    Jpeg,

    /// <summary>An encoded PNG image.</summary>
    Png,

    /// <summary>An encoded QOI image (lossless, qoiformat.org): the fast lossless format.</summary>
    Qoi,

    /// <summary>One H.264 access unit, length-prefixed as in MP4 (<c>avc1</c>); the stream's configuration is in <see cref="VideoFrameInfo.Stream"/>.</summary>
    H264,

    /// <summary>One H.265 access unit, length-prefixed as in MP4 (<c>hvc1</c>/<c>hev1</c>); the stream's configuration is in <see cref="VideoFrameInfo.Stream"/>.</summary>
    H265,
}
