using System.Reflection;
using SkiaSharp;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Coverage masks of DejaVu Sans Mono glyphs at one pixel height, rendered once so drawing text allocates nothing.</summary>
/// <remarks>
/// The font ships embedded (SkiaSharp's NoDependencies build has no fontconfig, so its default typeface has no glyphs).
/// Monospace: every glyph has the same advance, so layout is a multiplication.
/// </remarks>
internal sealed class GlyphAtlas
{
    private static readonly Lazy<SKTypeface> s_typeface = new(LoadTypeface);
    private readonly Dictionary<char, byte[]> _masks = [];

    public GlyphAtlas(int pixelHeight)
    {
        using var font = new SKFont(s_typeface.Value, pixelHeight) { Edging = SKFontEdging.Antialias };
        CellHeight = (int)Math.Ceiling(font.Spacing);
        CellWidth = (int)Math.Ceiling(font.MeasureText("M"));
        Baseline = (int)Math.Ceiling(-font.Metrics.Ascent);
        Font = font.Typeface;
        Size = pixelHeight;
    }

    public int CellWidth { get; }

    public int CellHeight { get; }

    private int Baseline { get; }

    private SKTypeface Font { get; }

    private float Size { get; }

    /// <summary>The coverage mask (CellWidth × CellHeight, one byte a pixel) of a character, rendered on first use.</summary>
    public byte[] Mask(char c)
    {
        if (_masks.TryGetValue(c, out var mask))
        {
            return mask;
        }

        mask = new byte[CellWidth * CellHeight];
        var info = new SKImageInfo(CellWidth, CellHeight, SKColorType.Alpha8, SKAlphaType.Premul);
        using (var bitmap = new SKBitmap(info))
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(Font, Size) { Edging = SKFontEdging.Antialias })
        using (var paint = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawText(c.ToString(), 0, Baseline, SKTextAlign.Left, font, paint);
            canvas.Flush();
            for (int y = 0; y < CellHeight; y++)
            {
                bitmap.GetPixelSpan().Slice(y * bitmap.RowBytes, CellWidth).CopyTo(mask.AsSpan(y * CellWidth));
            }
        }

        _masks[c] = mask;
        return mask;
    }

    private static SKTypeface LoadTypeface()
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Capture.Pipeline.DejaVuSansMono.ttf")
            ?? throw new InvalidOperationException("The overlay font is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The overlay font could not be loaded.");
    }
}
