namespace Capture.Core.Imaging;

/// <summary>The default encoders: libturbojpeg for JPEG when it loads, SkiaSharp otherwise and for PNG; QOI of our own.</summary>
public static class ImageEncoders
{
    private static readonly Lazy<IImageEncoder> s_jpeg = new(() => TurboJpegEncoder.IsAvailable ? new TurboJpegEncoder() : SkiaImageEncoder.Jpeg);

    /// <summary>The fastest JPEG encoder this machine has.</summary>
    public static IImageEncoder Jpeg => s_jpeg.Value;

    /// <summary>The PNG encoder.</summary>
    public static IImageEncoder Png => SkiaImageEncoder.Png;

    /// <summary>The QOI encoder: lossless, several times faster than PNG.</summary>
    public static IImageEncoder Qoi => QoiEncoder.Instance;

    /// <summary>Why the fast JPEG path is off, or null when libturbojpeg is in use (the host logs this once).</summary>
    public static string? JpegFallbackReason => TurboJpegEncoder.IsAvailable
        ? null
        : "libturbojpeg (Debian package libturbojpeg0) could not be loaded; JPEG encoding falls back to SkiaSharp, about 5x slower.";
}
