using System.Runtime.InteropServices;

namespace Capture.Core.Drivers.Synthetic;

/// <summary>A 3×5 pixel font for digits, ':' and '.', so the pattern can burn in its frame number without a font file.</summary>
internal static class DigitFont
{
    // Each glyph is five rows of three bits, top row first.
    private static readonly ushort[] s_digits = [0x7B6F, 0x2C97, 0x73E7, 0x73CF, 0x5BC9, 0x79CF, 0x79EF, 0x7249, 0x7BEF, 0x7BCF];

    /// <summary>Draws <paramref name="text"/> in white on black at the top-left corner, scaled to the frame height.</summary>
    public static void Draw(Span<byte> destination, int width, int height, int stride, ReadOnlySpan<char> text)
    {
        int scale = Math.Max(1, height / 120);
        int cellWidth = 4 * scale;
        int boxWidth = Math.Min(width, (text.Length * cellWidth) + (2 * scale));
        int boxHeight = Math.Min(height, 7 * scale);
        for (int y = 0; y < boxHeight; y++)
        {
            MemoryMarshal.Cast<byte, uint>(destination.Slice(y * stride, boxWidth * 4)).Fill(0xFF000000);
        }

        for (int c = 0; c < text.Length; c++)
        {
            ushort glyph = Glyph(text[c]);
            for (int row = 0; row < 5; row++)
            {
                for (int col = 0; col < 3; col++)
                {
                    if ((glyph & (1 << (14 - ((row * 3) + col)))) == 0)
                    {
                        continue;
                    }

                    int x0 = scale + (c * cellWidth) + (col * scale);
                    int y0 = scale + (row * scale);
                    for (int dy = 0; dy < scale && y0 + dy < height; dy++)
                    {
                        int x1 = Math.Min(width, x0 + scale);
                        if (x0 < x1)
                        {
                            MemoryMarshal.Cast<byte, uint>(destination.Slice(((y0 + dy) * stride) + (x0 * 4), (x1 - x0) * 4)).Fill(0xFFFFFFFF);
                        }
                    }
                }
            }
        }
    }

    private static ushort Glyph(char c) => c switch
    {
        >= '0' and <= '9' => s_digits[c - '0'],
        ':' => 0x0410,
        '.' => 0x0002,
        _ => 0,
    };
}
