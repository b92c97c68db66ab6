using System.Buffers;
using Capture.Core.Frames;
using SkiaSharp;

namespace Capture.Core.Imaging;

/// <summary>JPEG or PNG encoding through SkiaSharp: PNG always (16-bit grey through <see cref="Grey16Png"/>), JPEG where libturbojpeg is missing.</summary>
public sealed class SkiaImageEncoder : IImageEncoder
{
    private readonly SKEncodedImageFormat _format;

    private SkiaImageEncoder(SKEncodedImageFormat format, string mimeType)
    {
        _format = format;
        MimeType = mimeType;
    }

    /// <summary>The PNG encoder.</summary>
    public static SkiaImageEncoder Png { get; } = new(SKEncodedImageFormat.Png, "image/png");

    /// <summary>The JPEG encoder (about five times slower than libturbojpeg here).</summary>
    public static SkiaImageEncoder Jpeg { get; } = new(SKEncodedImageFormat.Jpeg, "image/jpeg");

    /// <inheritdoc />
    public string MimeType { get; }

    /// <inheritdoc />
    public unsafe void Encode(in ImageView image, int quality, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (image.Format == VideoPixelFormat.Gray16)
        {
            // Skia has no 16-bit grey: PNG keeps every bit through our writer, JPEG gets the high byte.
            if (_format == SKEncodedImageFormat.Png)
            {
                Grey16Png.Encode(image, output);
            }
            else
            {
                using var narrow = new GreyNarrowing(image);
                Encode(narrow.View, quality, output);
            }

            return;
        }

        if (image.Format.IsBayer() && _format != SKEncodedImageFormat.Png)
        {
            using var colour = new BayerDemosaic(image);
            Encode(colour.View, quality, output);
            return;
        }

        // PNG keeps a Bayer mosaic as it is, one grey sample a pixel: the lossless raw record a lab demosaics later.
        var colorType = image.Format switch
        {
            VideoPixelFormat.Bgra32 => SKColorType.Bgra8888,
            VideoPixelFormat.Gray8 => SKColorType.Gray8,
            _ when image.Format.IsBayer() => SKColorType.Gray8,
            _ => SKColorType.Rgba8888,
        };
        var info = new SKImageInfo(image.Width, image.Height, colorType, SKAlphaType.Opaque);
        fixed (byte* pixels = image.Pixels)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)pixels, image.Stride);
            using var data = pixmap.Encode(_format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {MimeType}.");
            var bytes = data.AsSpan();
            bytes.CopyTo(output.GetSpan(bytes.Length));
            output.Advance(bytes.Length);
        }
    }
}
