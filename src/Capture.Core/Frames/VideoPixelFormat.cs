namespace Capture.Core.Frames;

/// <summary>How a frame's bytes are laid out.</summary>
public enum VideoPixelFormat
{
    /// <summary>8-bit blue, green, red, alpha per pixel (little-endian ARGB32).</summary>
    Bgra32,

    /// <summary>8-bit red, green, blue, alpha per pixel.</summary>
    Rgba32,

    /// <summary>8-bit luminance per pixel (GenICam <c>Mono8</c>): machine-vision cameras' own format, recorded as it is.</summary>
    Gray8,

    /// <summary>16-bit little-endian luminance per pixel (GenICam <c>Mono16</c>): recorded losslessly as 16-bit PNG; narrowed to 8 bits only where a stage needs it.</summary>
    Gray16,

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

    /// <summary>
    /// A colour camera's raw 8-bit Bayer mosaic (GenICam <c>BayerRG8</c>): one sample a pixel, the first row red, green,
    /// red…, the second green, blue…. Recorded as it is (grey PNG, lossless); demosaiced only where a stage needs colour.
    /// </summary>
    BayerRG8,

    /// <summary>8-bit Bayer mosaic starting green, red (GenICam <c>BayerGR8</c>); see <see cref="BayerRG8"/>.</summary>
    BayerGR8,

    /// <summary>8-bit Bayer mosaic starting green, blue (GenICam <c>BayerGB8</c>); see <see cref="BayerRG8"/>.</summary>
    BayerGB8,

    /// <summary>8-bit Bayer mosaic starting blue, green (GenICam <c>BayerBG8</c>); see <see cref="BayerRG8"/>.</summary>
    BayerBG8,
}

/// <summary>What a pixel format is.</summary>
public static class VideoPixelFormats
{
    /// <summary>Raw pixels the image encoders read as they are (BGRA, RGBA, 8- and 16-bit grey, Bayer); anything else is encoded already or needs converting.</summary>
    public static bool IsEncodable(this VideoPixelFormat format) =>
        format is VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32 or VideoPixelFormat.Gray8 or VideoPixelFormat.Gray16 || format.IsBayer();

    /// <summary>An 8-bit Bayer mosaic, of any of the four orders.</summary>
    public static bool IsBayer(this VideoPixelFormat format) => format is VideoPixelFormat.BayerRG8 or VideoPixelFormat.BayerGR8 or VideoPixelFormat.BayerGB8 or VideoPixelFormat.BayerBG8;

    /// <summary>Bytes per pixel of a packed raw format (BGRA, RGBA, grey, Bayer); 0 for planar and encoded ones.</summary>
    public static int BytesPerPixel(this VideoPixelFormat format) => format switch
    {
        VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32 => 4,
        VideoPixelFormat.Gray16 => 2,
        VideoPixelFormat.Gray8 => 1,
        _ when format.IsBayer() => 1,
        _ => 0,
    };
}
