using Capture.Core.Frames;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Cuts a rectangle out of raw BGRA or RGBA frames (one copy of the rows kept).</summary>
internal sealed class CropProcessor : IFrameProcessor
{
    private readonly FramePool _pool = new(maxRetained: 16);
    private readonly int _x;
    private readonly int _y;
    private readonly int _width;
    private readonly int _height;

    /// <summary>Keeps the <paramref name="width"/>×<paramref name="height"/> rectangle whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public CropProcessor(int x, int y, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        (_x, _y, _width, _height) = (x, y, width, height);
    }

    /// <inheritdoc />
    public string Name => "crop";

    /// <inheritdoc />
    public VideoFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format is not (VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32))
        {
            throw new NotSupportedException($"crop needs raw BGRA or RGBA pixels, not {frame.Format}.");
        }

        if (_x + _width > frame.Width || _y + _height > frame.Height)
        {
            throw new InvalidOperationException($"The crop {_width}x{_height}+{_x}+{_y} does not fit a {frame.Width}x{frame.Height} frame.");
        }

        var info = frame.Info with { Width = _width, Height = _height, Stride = _width * 4 };
        var cropped = _pool.Rent(info, info.Stride * _height);
        var source = frame.Data;
        var target = cropped.GetWritableSpan();
        for (int row = 0; row < _height; row++)
        {
            source.Slice(((_y + row) * frame.Info.Stride) + (_x * 4), info.Stride).CopyTo(target.Slice(row * info.Stride, info.Stride));
        }

        return cropped;
    }
}
