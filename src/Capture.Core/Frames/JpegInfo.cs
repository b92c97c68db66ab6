using System.Buffers.Binary;

namespace Capture.Core.Frames;

/// <summary>Reads a JPEG's size from its headers and checks its structure, without decoding it.</summary>
/// <remarks>
/// Walks the marker segments from SOI to the start of scan and requires an EOI at the end, so truncated parts and
/// broken headers are caught at the cost of a few hundred bytes read, not a decode.
/// </remarks>
public static class JpegInfo
{
    /// <summary>The frame size, or null when the data is not a complete JPEG.</summary>
    public static (int Width, int Height)? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[^2] != 0xFF || jpeg[^1] != 0xD9)
        {
            return null;
        }

        (int Width, int Height)? size = null;
        int at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return null;
            }

            byte marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (length < 2 || at + 2 + length > jpeg.Length)
            {
                return null;
            }

            // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC) && length >= 7)
            {
                size = (BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 5)..]));
            }

            if (marker == 0xDA)
            {
                return size is { Width: > 0, Height: > 0 } ? size : null;
            }

            at += 2 + length;
        }

        return null;
    }
}
