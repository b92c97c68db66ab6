using System.Buffers;
using Capture.Core.Frames;
using Capture.Core.Imaging;

namespace Capture.Core.Tests.Imaging;

/// <summary>The QOI encoder against an implementation that is not ours: ffmpeg decodes every file back to the exact pixels.</summary>
public sealed class QoiEncoderSpecs
{
    [ToolTheory("ffmpeg")]
    [InlineData(VideoPixelFormat.Bgra32, "bgra")]
    [InlineData(VideoPixelFormat.Rgba32, "rgba")]
    public void Ffmpeg_should_decode_the_encoding_to_the_very_same_pixels(VideoPixelFormat format, string ffmpegFormat)
    {
        const int Width = 97, Height = 61, Stride = (Width * 4) + 12; // an odd size and a padded stride
        var pixels = Picture(Width, Height, Stride);
        var output = new ArrayBufferWriter<byte>();

        QoiEncoder.Instance.Encode(new ImageView(pixels, Width, Height, Stride, format), 100, output);
        string file = Path.Combine(Path.GetTempPath(), $"qoi-{Guid.NewGuid():N}.qoi");
        string raw = Path.ChangeExtension(file, ".raw");
        File.WriteAllBytes(file, output.WrittenSpan.ToArray());
        try
        {
            Tools.Run(Tools.Find("ffmpeg")!, "-v", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", ffmpegFormat, "-y", raw);
            var decoded = File.ReadAllBytes(raw);

            Assert.Equal(Width * Height * 4, decoded.Length);
            for (int y = 0; y < Height; y++)
            {
                Assert.True(pixels.AsSpan(y * Stride, Width * 4).SequenceEqual(decoded.AsSpan(y * Width * 4, Width * 4)), $"row {y} differs");
            }

            Assert.True(output.WrittenCount < Width * Height * 4, $"{output.WrittenCount} bytes: runs, index and diffs should make it smaller than the pixels");
        }
        finally
        {
            File.Delete(file);
            File.Delete(raw);
        }
    }

    /// <summary>Every QOI op: flat runs (longer than 62), repeats seen before (index), small steps (diff), gradients (luma), noise (rgb) and alpha changes (rgba).</summary>
    private static byte[] Picture(int width, int height, int stride)
    {
        var random = new Random(7);
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var p = pixels.AsSpan((y * stride) + (x * 4), 4);
                switch (y / 10)
                {
                    case 0: p[0] = 40; p[1] = 80; p[2] = 120; p[3] = 255; break;
                    case 1: p[0] = (byte)(x % 3 * 50); p[1] = 0; p[2] = 200; p[3] = 255; break;
                    case 2: p[0] = (byte)x; p[1] = (byte)(x + 1); p[2] = (byte)(x + 2); p[3] = 255; break;
                    case 3: p[0] = (byte)(x * 9); p[1] = (byte)(x * 11); p[2] = (byte)(x * 10); p[3] = 255; break;
                    case 4: random.NextBytes(p[..3]); p[3] = 255; break;
                    default: random.NextBytes(p); break;
                }
            }
        }

        return pixels;
    }
}
