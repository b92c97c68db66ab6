using System.Runtime.InteropServices;
using Capture.Core.Frames;
using Capture.Core.Imaging;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>Converts raw frames to BGRA or RGBA: swaps red and blue, turns I420 / NV12 (BT.601, limited range) into RGB, grey into equal channels, or demosaics Bayer.</summary>
internal sealed class ConvertProcessor : IFrameProcessor
{
    private readonly FramePool _pool = new(maxRetained: 16);
    private readonly VideoPixelFormat _target;

    /// <summary>Converts to <paramref name="target"/> (<see cref="VideoPixelFormat.Bgra32"/> or <see cref="VideoPixelFormat.Rgba32"/>).</summary>
    public ConvertProcessor(VideoPixelFormat target)
    {
        if (target is not (VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32))
        {
            throw new ArgumentException($"convert produces Bgra32 or Rgba32, not {target}.", nameof(target));
        }

        _target = target;
    }

    /// <inheritdoc />
    public string Name => "convert";

    /// <inheritdoc />
    public VideoFrame Process(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Format == _target)
        {
            return frame;
        }

        var info = frame.Info with { Format = _target, Stride = frame.Width * 4 };
        var converted = _pool.Rent(info, info.Stride * frame.Height);
        try
        {
            switch (frame.Format)
            {
                case VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32:
                    SwapRedBlue(frame, converted);
                    break;
                case VideoPixelFormat.I420 or VideoPixelFormat.Nv12:
                    FromYuv(frame, converted, _target == VideoPixelFormat.Bgra32);
                    break;
                case VideoPixelFormat.Gray8:
                    FromGrey(frame, converted);
                    break;
                case VideoPixelFormat.Gray16:
                    FromGrey16(frame, converted);
                    break;
                case var bayer when bayer.IsBayer():
                    BayerMosaic.ToBgra(frame.Data, frame.Width, frame.Height, frame.Info.Stride, bayer, converted.GetWritableSpan(), info.Stride);
                    if (_target == VideoPixelFormat.Rgba32)
                    {
                        SwapRedBlue(converted, converted);
                    }

                    break;
                default:
                    throw new NotSupportedException($"convert cannot read {frame.Format} frames.");
            }

            return converted;
        }
        catch
        {
            converted.Dispose();
            throw;
        }
    }

    private static void SwapRedBlue(VideoFrame source, VideoFrame target)
    {
        var output = MemoryMarshal.Cast<byte, uint>(target.GetWritableSpan());
        for (int y = 0; y < source.Height; y++)
        {
            var input = MemoryMarshal.Cast<byte, uint>(source.Data.Slice(y * source.Info.Stride, source.Width * 4));
            var row = output.Slice(y * source.Width, source.Width);
            for (int x = 0; x < input.Length; x++)
            {
                uint p = input[x];
                row[x] = (p & 0xFF00FF00) | ((p & 0xFF) << 16) | ((p >> 16) & 0xFF);
            }
        }
    }

    private static void FromGrey(VideoFrame source, VideoFrame target)
    {
        var output = MemoryMarshal.Cast<byte, uint>(target.GetWritableSpan());
        for (int y = 0; y < source.Height; y++)
        {
            var input = source.Data.Slice(y * source.Info.Stride, source.Width);
            var row = output.Slice(y * source.Width, source.Width);
            for (int x = 0; x < input.Length; x++)
            {
                row[x] = 0xFF000000u | (input[x] * 0x010101u); // the same in BGRA and RGBA
            }
        }
    }

    private static void FromGrey16(VideoFrame source, VideoFrame target)
    {
        var output = MemoryMarshal.Cast<byte, uint>(target.GetWritableSpan());
        for (int y = 0; y < source.Height; y++)
        {
            var input = source.Data.Slice(y * source.Info.Stride, source.Width * 2);
            var row = output.Slice(y * source.Width, source.Width);
            for (int x = 0; x < row.Length; x++)
            {
                row[x] = 0xFF000000u | (input[(2 * x) + 1] * 0x010101u); // the high byte of each little-endian sample
            }
        }
    }

    private static void FromYuv(VideoFrame source, VideoFrame target, bool bgra)
    {
        int width = source.Width, height = source.Height, stride = source.Info.Stride, chromaStride = (stride + 1) / 2;
        var data = source.Data;
        var output = target.GetWritableSpan();
        int uPlane = stride * height, vPlane = uPlane + (chromaStride * ((height + 1) / 2));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int c = 298 * (data[(y * stride) + x] - 16);
                int u, v;
                if (source.Format == VideoPixelFormat.I420)
                {
                    u = data[uPlane + ((y / 2) * chromaStride) + (x / 2)] - 128;
                    v = data[vPlane + ((y / 2) * chromaStride) + (x / 2)] - 128;
                }
                else
                {
                    int at = uPlane + ((y / 2) * stride) + ((x / 2) * 2);
                    (u, v) = (data[at] - 128, data[at + 1] - 128);
                }

                byte r = Clamp((c + (409 * v) + 128) >> 8), g = Clamp((c - (100 * u) - (208 * v) + 128) >> 8), b = Clamp((c + (516 * u) + 128) >> 8);
                int o = ((y * width) + x) * 4;
                (output[o], output[o + 1], output[o + 2], output[o + 3]) = bgra ? (b, g, r, (byte)255) : (r, g, b, (byte)255);
            }
        }
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
