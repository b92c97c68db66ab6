using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Capture.Core.Frames;

namespace Capture.Core.Imaging;

/// <summary>Lossless QOI ("Quite OK Image", qoiformat.org) encoding: a single pass over the pixels with no entropy coder, several times faster than PNG at a similar size on camera pictures.</summary>
/// <remarks>
/// The lab rig's lossless path: one 1080p30 camera fits on one core (docs/performance.md, <c>lossless</c>), where PNG
/// kept a quarter of the frames. ffmpeg, ImageMagick and GIMP read QOI. Written from the specification (version 1.0),
/// four channels as the frame holds them, sRGB.
/// </remarks>
public sealed class QoiEncoder : IImageEncoder
{
    private const int HeaderSize = 14;
    private const byte OpIndex = 0x00;
    private const byte OpDiff = 0x40;
    private const byte OpLuma = 0x80;
    private const byte OpRun = 0xc0;
    private const byte OpRgb = 0xfe;
    private const byte OpRgba = 0xff;
    private const int MaxRun = 62;
    private static ReadOnlySpan<byte> EndMarker => [0, 0, 0, 0, 0, 0, 0, 1];

    /// <summary>The one instance (the encoder keeps no state between images).</summary>
    public static QoiEncoder Instance { get; } = new();

    /// <inheritdoc />
    public string MimeType => "image/qoi";

    /// <summary>The largest encoding of <paramref name="width"/> × <paramref name="height"/> pixels: every pixel a 5-byte RGBA op.</summary>
    public static int MaxSize(int width, int height) => HeaderSize + (width * height * 5) + EndMarker.Length;

    /// <inheritdoc />
    public void Encode(in ImageView image, int quality, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (image.Format is VideoPixelFormat.Gray8 or VideoPixelFormat.Gray16 || image.Format.IsBayer())
        {
            throw new NotSupportedException("QOI holds RGB(A) pixels: record grey and Bayer frames as PNG, or convert them first.");
        }

        var destination = output.GetSpan(MaxSize(image.Width, image.Height));
        "qoif"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)image.Height);
        destination[12] = 4; // channels
        destination[13] = 0; // sRGB with linear alpha
        int written = HeaderSize + EncodePixels(image, destination[HeaderSize..]);
        EndMarker.CopyTo(destination[written..]);
        output.Advance(written + EndMarker.Length);
    }

    private static int EncodePixels(in ImageView image, Span<byte> output)
    {
        // Pixels are compared as little-endian words; only the hash and the ops need the channels, at these shifts.
        int redShift = image.Format == VideoPixelFormat.Bgra32 ? 16 : 0;
        int blueShift = 16 - redShift;
        Span<uint> index = stackalloc uint[64];
        index.Clear();
        uint previous = 0xff000000u; // r = g = b = 0, a = 255, in either layout
        int run = 0;
        int o = 0;
        ref byte start = ref MemoryMarshal.GetReference(output);
        for (int y = 0; y < image.Height; y++)
        {
            var row = MemoryMarshal.Cast<byte, uint>(image.Pixels.Slice(y * image.Stride, image.Width * 4));
            bool lastRow = y == image.Height - 1;
            for (int x = 0; x < row.Length; x++)
            {
                uint pixel = row[x];
                if (pixel == previous)
                {
                    if (++run == MaxRun || (lastRow && x == row.Length - 1))
                    {
                        Unsafe.Add(ref start, o++) = (byte)(OpRun | (run - 1));
                        run = 0;
                    }

                    continue;
                }

                if (run > 0)
                {
                    Unsafe.Add(ref start, o++) = (byte)(OpRun | (run - 1));
                    run = 0;
                }

                int r = (int)(pixel >> redShift) & 0xff;
                int g = (int)(pixel >> 8) & 0xff;
                int b = (int)(pixel >> blueShift) & 0xff;
                int a = (int)(pixel >> 24);
                int slot = ((r * 3) + (g * 5) + (b * 7) + (a * 11)) & 63;
                if (index[slot] == pixel)
                {
                    Unsafe.Add(ref start, o++) = (byte)(OpIndex | slot);
                }
                else
                {
                    index[slot] = pixel;
                    if ((pixel >> 24) == (previous >> 24))
                    {
                        int vr = (sbyte)(r - (int)((previous >> redShift) & 0xff));
                        int vg = (sbyte)(g - (int)((previous >> 8) & 0xff));
                        int vb = (sbyte)(b - (int)((previous >> blueShift) & 0xff));
                        int vgr = vr - vg;
                        int vgb = vb - vg;
                        if ((uint)(vr + 2) < 4 && (uint)(vg + 2) < 4 && (uint)(vb + 2) < 4)
                        {
                            Unsafe.Add(ref start, o++) = (byte)(OpDiff | ((vr + 2) << 4) | ((vg + 2) << 2) | (vb + 2));
                        }
                        else if ((uint)(vg + 32) < 64 && (uint)(vgr + 8) < 16 && (uint)(vgb + 8) < 16)
                        {
                            Unsafe.Add(ref start, o++) = (byte)(OpLuma | (vg + 32));
                            Unsafe.Add(ref start, o++) = (byte)(((vgr + 8) << 4) | (vgb + 8));
                        }
                        else
                        {
                            Unsafe.Add(ref start, o++) = OpRgb;
                            Unsafe.Add(ref start, o++) = (byte)r;
                            Unsafe.Add(ref start, o++) = (byte)g;
                            Unsafe.Add(ref start, o++) = (byte)b;
                        }
                    }
                    else
                    {
                        Unsafe.Add(ref start, o++) = OpRgba;
                        Unsafe.Add(ref start, o++) = (byte)r;
                        Unsafe.Add(ref start, o++) = (byte)g;
                        Unsafe.Add(ref start, o++) = (byte)b;
                        Unsafe.Add(ref start, o++) = (byte)a;
                    }
                }

                previous = pixel;
            }
        }

        return o;
    }
}
