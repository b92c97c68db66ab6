using System.Buffers;
using Capture.Core.Frames;

namespace Capture.Core.Imaging;

/// <summary>16-bit grey as 8-bit grey (the high byte of each sample), for the encoders that hold 8 bits a channel (JPEG).</summary>
internal static class GreyNarrowing
{
    /// <summary>Encodes <paramref name="image"/> (16-bit grey) with <paramref name="encode"/> as 8-bit grey, through a pooled buffer.</summary>
    public static void Encode(in ImageView image, Action<ImageView> encode)
    {
        int width = image.Width, height = image.Height;
        byte[] narrow = ArrayPool<byte>.Shared.Rent(width * height);
        try
        {
            var source = image.Pixels;
            for (int y = 0; y < height; y++)
            {
                var row = source.Slice(y * image.Stride, width * 2);
                var target = narrow.AsSpan(y * width, width);
                for (int x = 0; x < width; x++)
                {
                    target[x] = row[(2 * x) + 1]; // little-endian: the high byte second
                }
            }

            encode(new ImageView(narrow.AsSpan(0, width * height), width, height, width, VideoPixelFormat.Gray8));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(narrow);
        }
    }
}
