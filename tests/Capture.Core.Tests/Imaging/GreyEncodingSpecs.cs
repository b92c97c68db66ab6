using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Capture.Core.Frames;
using Capture.Core.Imaging;

namespace Capture.Core.Tests.Imaging;

/// <summary>Grey frames of machine-vision cameras: 16-bit PNG keeps every bit; JPEG gets the high byte.</summary>
public sealed class GreyEncodingSpecs
{
    [Fact]
    public void A_16_bit_grey_PNG_should_give_back_every_sample_exactly()
    {
        const int Width = 37, Height = 5;
        var samples = Enumerable.Range(0, Width * Height).Select(i => (ushort)((i * 7919) ^ (i << 9))).ToArray();
        var pixels = new byte[Width * Height * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(2 * i), samples[i]);
        }

        var output = new ArrayBufferWriter<byte>();
        ImageEncoders.Png.Encode(new ImageView(pixels, Width, Height, Width * 2, VideoPixelFormat.Gray16), 100, output);

        Assert.Equal(samples, Decode(output.WrittenSpan.ToArray(), Width, Height));
    }

    [Fact]
    public void A_16_bit_grey_frame_should_encode_as_grey_JPEG_from_the_high_byte()
    {
        var pixels = new byte[64 * 48 * 2];
        for (int i = 0; i < pixels.Length; i += 2)
        {
            (pixels[i], pixels[i + 1]) = (0x34, 0x80); // 0x8034: mid-grey once narrowed
        }

        var output = new ArrayBufferWriter<byte>();
        ImageEncoders.Jpeg.Encode(new ImageView(pixels, 64, 48, 128, VideoPixelFormat.Gray16), 90, output);

        using var decoded = SkiaSharp.SKBitmap.Decode(output.WrittenSpan.ToArray());
        Assert.Equal((64, 48), JpegInfo.Read(output.WrittenSpan));
        Assert.InRange(decoded.GetPixel(10, 10).Red, 0x7E, 0x82);
    }

    /// <summary>Reads a 16-bit greyscale PNG the way the format says: chunks, zlib, the Up filter, big-endian samples.</summary>
    private static ushort[] Decode(byte[] png, int width, int height)
    {
        Assert.Equal((width, height, 16, 0), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), (int)png[24], (int)png[25]));
        int idat = 8 + 25; // signature, IHDR chunk
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat));
        Assert.Equal("IDAT"u8.ToArray(), png.AsSpan(idat + 4, 4).ToArray());
        using var zlib = new ZLibStream(new MemoryStream(png, idat + 8, length), CompressionMode.Decompress);
        var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        int stride = (width * 2) + 1;
        var samples = new ushort[width * height];
        for (int y = 0; y < height; y++)
        {
            int filter = rows[y * stride];
            for (int x = 0; x < width * 2; x++)
            {
                int at = (y * stride) + 1 + x;
                rows[at] = filter switch
                {
                    0 => rows[at],
                    2 => (byte)(rows[at] + rows[at - stride]),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
            }

            for (int x = 0; x < width; x++)
            {
                samples[(y * width) + x] = BinaryPrimitives.ReadUInt16BigEndian(rows.AsSpan((y * stride) + 1 + (2 * x)));
            }
        }

        return samples;
    }
}
