using System.Globalization;
using Capture.Core.Frames;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Burns the camera's name, the capture time (UTC, ms) and the frame number into the top-left corner of raw frames.</summary>
/// <remarks>
/// Text is blended from pre-rendered glyph masks on a dark band: no allocation per frame. When the pipeline is the
/// frame's only holder it draws in place (no copy); when others hold it too (another reader of the camera), it draws
/// on a pooled copy, never on what they see.
/// </remarks>
public sealed class OverlayProcessor(string label) : IFrameProcessor
{
    private readonly FramePool _pool = new(maxRetained: 16);
    private GlyphAtlas? _atlas;
    private int _atlasHeight;

    /// <inheritdoc />
    public string Name => "overlay";

    /// <inheritdoc />
    public VideoFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format is not (VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32))
        {
            throw new NotSupportedException($"overlay needs raw BGRA or RGBA pixels, not {frame.Format}.");
        }

        var target = frame;
        if (frame.IsShared)
        {
            target = _pool.Rent(frame.Info, frame.Length);
            frame.Data.CopyTo(target.GetWritableSpan());
        }

        Span<char> text = stackalloc char[label.Length + 48];
        int length = Format(text, frame);
        Draw(target, text[..length]);
        return target;
    }

    private int Format(Span<char> text, VideoFrame frame)
    {
        label.AsSpan().CopyTo(text);
        int at = label.Length;
        text[at++] = ' ';
        frame.Info.UtcTime.TryFormat(text[at..], out int written, "yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        at += written;
        text[at++] = ' ';
        text[at++] = '#';
        frame.Sequence.TryFormat(text[at..], out written, default, CultureInfo.InvariantCulture);
        return at + written;
    }

    private void Draw(VideoFrame frame, ReadOnlySpan<char> text)
    {
        int pixelHeight = Math.Max(10, frame.Height / 30);
        if (_atlas is null || _atlasHeight != pixelHeight)
        {
            (_atlas, _atlasHeight) = (new GlyphAtlas(pixelHeight), pixelHeight);
        }

        var atlas = _atlas;
        int stride = frame.Info.Stride, margin = pixelHeight / 3;
        int bandHeight = Math.Min(frame.Height, atlas.CellHeight + (2 * margin));
        int bandWidth = Math.Min(frame.Width, (text.Length * atlas.CellWidth) + (2 * margin));
        var pixels = frame.GetWritableSpan();
        for (int y = 0; y < bandHeight; y++)
        {
            var row = pixels.Slice(y * stride, bandWidth * 4);
            for (int x = 0; x < row.Length; x += 4)
            {
                row[x] = (byte)(row[x] / 4);
                row[x + 1] = (byte)(row[x + 1] / 4);
                row[x + 2] = (byte)(row[x + 2] / 4);
            }
        }

        for (int c = 0; c < text.Length; c++)
        {
            int left = margin + (c * atlas.CellWidth);
            if (left + atlas.CellWidth > frame.Width)
            {
                break;
            }

            var mask = atlas.Mask(text[c]);
            for (int y = 0; y < atlas.CellHeight && margin + y < frame.Height; y++)
            {
                var row = pixels.Slice(((margin + y) * stride) + (left * 4), atlas.CellWidth * 4);
                var coverage = mask.AsSpan(y * atlas.CellWidth, atlas.CellWidth);
                for (int x = 0; x < coverage.Length; x++)
                {
                    int a = coverage[x];
                    if (a == 0)
                    {
                        continue;
                    }

                    for (int ch = 0; ch < 3; ch++)
                    {
                        ref byte value = ref row[(x * 4) + ch];
                        value = (byte)(value + (((255 - value) * a) / 255));
                    }
                }
            }
        }
    }
}
