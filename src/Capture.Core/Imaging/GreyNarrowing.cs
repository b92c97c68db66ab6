using System.Buffers;
using Capture.Core.Frames;

namespace Capture.Core.Imaging;

/// <summary>16-bit grey as 8-bit grey (the high byte of each sample), for the encoders that hold 8 bits a channel (JPEG).</summary>
/// <remarks>A pooled buffer, returned on dispose: <c>using var narrow = new GreyNarrowing(image); encode(narrow.View);</c>, nothing allocated per frame.</remarks>
internal readonly ref struct GreyNarrowing
{
    private readonly byte[] _pixels;

    /// <summary>Narrows <paramref name="image"/> (16-bit grey) into a pooled buffer.</summary>
    public GreyNarrowing(in ImageView image)
    {
        int width = image.Width, height = image.Height;
        _pixels = ArrayPool<byte>.Shared.Rent(width * height);
        for (int y = 0; y < height; y++)
        {
            var row = image.Pixels.Slice(y * image.Stride, width * 2);
            var target = _pixels.AsSpan(y * width, width);
            for (int x = 0; x < width; x++)
            {
                target[x] = row[(2 * x) + 1]; // little-endian: the high byte second
            }
        }

        View = new ImageView(_pixels.AsSpan(0, width * height), width, height, width, VideoPixelFormat.Gray8);
    }

    /// <summary>The 8-bit grey image.</summary>
    public ImageView View { get; }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(_pixels);
}
