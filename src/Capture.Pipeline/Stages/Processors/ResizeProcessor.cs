using Capture.Core.Frames;
using SkiaSharp;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Scales raw frames to a fixed size (SkiaSharp, linear filtering with mipmaps when shrinking).</summary>
internal sealed class ResizeProcessor : IFrameProcessor
{
    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.None);
    private readonly FramePool _pool = new(maxRetained: 16);
    private readonly int _width;
    private readonly int _height;

    /// <summary>Scales to <paramref name="width"/>×<paramref name="height"/>.</summary>
    public ResizeProcessor(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        (_width, _height) = (width, height);
    }

    /// <inheritdoc />
    public string Name => "resize";

    /// <inheritdoc />
    public unsafe VideoFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width == _width && frame.Height == _height)
        {
            return frame;
        }

        var colorType = frame.Format switch
        {
            VideoPixelFormat.Bgra32 => SKColorType.Bgra8888,
            VideoPixelFormat.Rgba32 => SKColorType.Rgba8888,
            _ => throw new NotSupportedException($"resize needs raw BGRA or RGBA pixels, not {frame.Format}."),
        };
        var info = frame.Info with { Width = _width, Height = _height, Stride = _width * 4 };
        var scaled = _pool.Rent(info, info.Stride * _height);
        try
        {
            fixed (byte* source = frame.Data)
            fixed (byte* target = scaled.GetWritableSpan())
            {
                using var from = new SKPixmap(new SKImageInfo(frame.Width, frame.Height, colorType, SKAlphaType.Opaque), (IntPtr)source, frame.Info.Stride);
                using var to = new SKPixmap(new SKImageInfo(_width, _height, colorType, SKAlphaType.Opaque), (IntPtr)target, info.Stride);
                if (!from.ScalePixels(to, s_sampling))
                {
                    throw new InvalidOperationException("SkiaSharp could not scale the frame.");
                }
            }

            return scaled;
        }
        catch
        {
            scaled.Dispose();
            throw;
        }
    }
}
