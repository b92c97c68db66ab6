using Capture.Core.Frames;

namespace Capture.Core.Imaging;

/// <summary>Demosaicing of 8-bit Bayer frames.</summary>
/// <remarks>
/// Each 2×2 cell's red, blue and mean green colour all four of its pixels: full size, one pass, nothing read across
/// cells. Sharper demosaicing (bilinear, edge-aware) is for analysis, which reads the raw mosaic the recordings keep.
/// </remarks>
public static class BayerMosaic
{
    /// <summary>Writes the mosaic <paramref name="mosaic"/> in <paramref name="order"/> as BGRA into <paramref name="bgra"/>.</summary>
    public static void ToBgra(ReadOnlySpan<byte> mosaic, int width, int height, int mosaicStride, VideoPixelFormat order, Span<byte> bgra, int bgraStride)
    {
        // Where red sits in the first cell (column, row); blue is diagonal to it, green on the other two.
        var (redX, redY) = order switch
        {
            VideoPixelFormat.BayerRG8 => (0, 0),
            VideoPixelFormat.BayerGR8 => (1, 0),
            VideoPixelFormat.BayerGB8 => (0, 1),
            VideoPixelFormat.BayerBG8 => (1, 1),
            _ => throw new ArgumentException($"{order} is not a Bayer format.", nameof(order)),
        };
        for (int y = 0; y < height; y++)
        {
            int top = y & ~1, bottom = Math.Min(top + 1, height - 1);
            var upper = mosaic.Slice(top * mosaicStride, width);
            var lower = mosaic.Slice(bottom * mosaicStride, width);
            var target = bgra.Slice(y * bgraStride, width * 4);
            for (int x = 0; x < width; x++)
            {
                int left = x & ~1, right = Math.Min(left + 1, width - 1);
                byte red = Sample(upper, lower, left, right, redX, redY);
                byte blue = Sample(upper, lower, left, right, 1 - redX, 1 - redY);
                int green = (Sample(upper, lower, left, right, 1 - redX, redY) + Sample(upper, lower, left, right, redX, 1 - redY) + 1) / 2;
                int at = x * 4;
                (target[at], target[at + 1], target[at + 2], target[at + 3]) = (blue, (byte)green, red, 255);
            }
        }
    }

    private static byte Sample(ReadOnlySpan<byte> upper, ReadOnlySpan<byte> lower, int left, int right, int column, int row) =>
        (row == 0 ? upper : lower)[column == 0 ? left : right];
}
