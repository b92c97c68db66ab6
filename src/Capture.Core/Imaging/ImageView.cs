using Capture.Core.Frames;

namespace Capture.Core.Imaging;

/// <summary>A read-only view of raw pixels to encode: no copy, no ownership.</summary>
public readonly ref struct ImageView
{
    /// <summary>Describes pixels laid out in <paramref name="pixels"/>.</summary>
    public ImageView(ReadOnlySpan<byte> pixels, int width, int height, int stride, VideoPixelFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!format.IsEncodable())
        {
            throw new NotSupportedException($"Encoding {format} pixels is not supported; convert to Bgra32 or Rgba32 first.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * format.BytesPerPixel());
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, stride * height, nameof(pixels));
        Pixels = pixels;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    /// <summary>The pixel bytes.</summary>
    public ReadOnlySpan<byte> Pixels { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride { get; }

    /// <summary>The pixel layout.</summary>
    public VideoPixelFormat Format { get; }

    /// <summary>A view of a raw frame's pixels.</summary>
    public static ImageView Of(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new ImageView(frame.Data, frame.Width, frame.Height, frame.Info.Stride, frame.Format);
    }
}
