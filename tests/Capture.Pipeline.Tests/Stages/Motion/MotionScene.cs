using System.Diagnostics;
using System.Runtime.InteropServices;
using Capture.Core.Frames;

namespace Capture.Pipeline.Tests.Stages.Motion;

/// <summary>Frames of a still view (colour bars) with sensor noise, a square (white above, black below) crossing it on a script, and lights that can jump, at given capture times.</summary>
internal sealed class MotionScene(int width = 640, int height = 360, int noise = 6)
{
    public static readonly DateTime Origin = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    private static readonly uint[] s_bars = [0xFFC0C0C0, 0xFFC0C000, 0xFF00C0C0, 0xFF00C000, 0xFFC000C0, 0xFFC00000, 0xFF0000C0, 0xFF101010];
    private readonly FramePool _pool = new(maxRetained: 4);
    private const int NoisyViews = 16;
    private uint _state = 2463534242;
    private byte[][]? _noisy;

    /// <summary>Where the square's centre is at a time (normalised), or null when it is out of view.</summary>
    public Func<TimeSpan, (double X, double Y)?> Object { get; init; } = _ => null;

    /// <summary>The brightness added at a time (a light switched on).</summary>
    public Func<TimeSpan, int> Light { get; init; } = _ => 0;

    /// <summary>The square's side, in pixels.</summary>
    public int ObjectSide { get; init; } = 60;

    public FramePool Pool => _pool;

    /// <summary>A square crossing left to right in <paramref name="crossing"/>, starting at each of <paramref name="starts"/>, at mid-height.</summary>
    public static Func<TimeSpan, (double X, double Y)?> Crossings(TimeSpan crossing, params TimeSpan[] starts) => time =>
        starts.Where(start => time >= start && time < start + crossing).Select(start => ((time - start) / crossing, 0.5)).Cast<(double, double)?>().FirstOrDefault();

    public VideoFrame Frame(TimeSpan time, long sequence)
    {
        int stride = width * 4;
        var info = new VideoFrameInfo("cam-1", sequence, width, height, stride, VideoPixelFormat.Bgra32, time, Stopwatch.GetTimestamp(), Origin + time);
        var frame = _pool.Rent(info, stride * height);
        var pixels = frame.GetWritableSpan();
        _noisy ??= [.. Enumerable.Range(0, NoisyViews).Select(_ => NoisyView(stride))];
        _noisy[(int)(Next() % NoisyViews)].CopyTo(pixels);
        if (Light(time) is var light and not 0)
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)Math.Clamp(pixels[i] + light, 0, 255);
            }
        }

        if (Object(time) is { } centre)
        {
            int left = (int)(centre.X * width) - (ObjectSide / 2), top = (int)(centre.Y * height) - (ObjectSide / 2);
            for (int y = Math.Max(0, top); y < Math.Min(height, top + ObjectSide); y++)
            {
                // White above, black below: part of it stands out from any bar.
                MemoryMarshal.Cast<byte, uint>(pixels.Slice(y * stride, stride))[Math.Clamp(left, 0, width)..Math.Clamp(left + ObjectSide, 0, width)].Fill(y < top + (ObjectSide / 2) ? 0xFFF0F0F0 : 0xFF101010);
            }
        }

        return frame;
    }

    /// <summary>The bars with a fresh draw of noise; frames pick one of a few at random (drawing noise per frame would make a 10-minute spec take minutes).</summary>
    private byte[] NoisyView(int stride)
    {
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            var row = MemoryMarshal.Cast<byte, uint>(pixels.AsSpan(y * stride, stride));
            for (int x = 0; x < width; x++)
            {
                row[x] = s_bars[x * s_bars.Length / width];
            }
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            if ((i & 3) != 3)
            {
                pixels[i] = (byte)Math.Clamp(pixels[i] + (int)(Next() % (uint)((2 * noise) + 1)) - noise, 0, 255);
            }
        }

        return pixels;
    }

    private uint Next()
    {
        _state ^= _state << 13;
        _state ^= _state >> 17;
        _state ^= _state << 5;
        return _state;
    }
}
