using System.Buffers;
using Capture.Core.Frames;

namespace Capture.Core.Imaging;

/// <summary>An 8-bit Bayer mosaic as BGRA, for the encoders and stages that need colour (JPEG, overlay, resize).</summary>
/// <remarks>A pooled buffer, returned on dispose: <c>using var colour = new BayerDemosaic(image); encode(colour.View);</c>, nothing allocated per frame.</remarks>
internal readonly ref struct BayerDemosaic
{
    private readonly byte[] _pixels;

    /// <summary>Demosaics <paramref name="image"/> (a Bayer format) into a pooled BGRA buffer.</summary>
    public BayerDemosaic(in ImageView image)
    {
        int width = image.Width, height = image.Height, stride = width * 4;
        _pixels = ArrayPool<byte>.Shared.Rent(stride * height);
        BayerMosaic.ToBgra(image.Pixels, width, height, image.Stride, image.Format, _pixels.AsSpan(0, stride * height), stride);
        View = new ImageView(_pixels.AsSpan(0, stride * height), width, height, stride, VideoPixelFormat.Bgra32);
    }

    /// <summary>The colour image.</summary>
    public ImageView View { get; }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(_pixels);
}
