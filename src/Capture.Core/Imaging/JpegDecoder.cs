using Capture.Core.Frames;
using Capture.Core.Internal;
using SkiaSharp;

namespace Capture.Core.Imaging;

/// <summary>Decodes JPEG frames to BGRA pixels in pooled frames: libturbojpeg (fast DCT) when it loads, SkiaSharp otherwise.</summary>
/// <remarks>Thread-safe: one TurboJPEG handle per thread, as for the encoder.</remarks>
public sealed class JpegDecoder : IDisposable
{
    private readonly ThreadLocal<IntPtr> _handles = new(CreateHandle, trackAllValues: true);

    /// <summary>Decodes <paramref name="jpeg"/> into a BGRA frame from <paramref name="pool"/>, keeping its metadata.</summary>
    /// <exception cref="InvalidDataException">The data is not a decodable JPEG.</exception>
    public unsafe VideoFrame Decode(VideoFrame jpeg, FramePool pool)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        ArgumentNullException.ThrowIfNull(pool);
        if (!TurboJpegNative.IsAvailable)
        {
            return DecodeWithSkia(jpeg, pool);
        }

        var handle = _handles.Value;
        int width, height, subsampling, colorspace;
        fixed (byte* source = jpeg.Data)
        {
            if (TurboJpegNative.tjDecompressHeader3(handle, source, (nuint)jpeg.Length, &width, &height, &subsampling, &colorspace) != 0)
            {
                throw new InvalidDataException($"Not a decodable JPEG: {TurboJpegNative.LastError(handle)}");
            }

            var info = jpeg.Info with { Format = VideoPixelFormat.Bgra32, Width = width, Height = height, Stride = width * 4 };
            var frame = pool.Rent(info, info.Stride * height);
            fixed (byte* target = frame.GetWritableSpan())
            {
                if (TurboJpegNative.tjDecompress2(handle, source, (nuint)jpeg.Length, target, width, info.Stride, height, TurboJpegNative.PixelFormatBgra, TurboJpegNative.FlagFastDct) != 0)
                {
                    frame.Dispose();
                    throw new InvalidDataException($"The JPEG failed to decode: {TurboJpegNative.LastError(handle)}");
                }
            }

            return frame;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var handle in _handles.Values)
        {
            _ = TurboJpegNative.tjDestroy(handle);
        }

        _handles.Dispose();
    }

    private static IntPtr CreateHandle()
    {
        IntPtr handle = TurboJpegNative.tjInitDecompress();
        return handle != IntPtr.Zero ? handle : throw new InvalidOperationException($"tjInitDecompress failed: {TurboJpegNative.LastError(IntPtr.Zero)}");
    }

    private static VideoFrame DecodeWithSkia(VideoFrame jpeg, FramePool pool)
    {
        using var bitmap = SKBitmap.Decode(jpeg.Data) ?? throw new InvalidDataException("Not a decodable JPEG.");
        using var bgra = bitmap.ColorType == SKColorType.Bgra8888 ? bitmap.Copy() : bitmap.Copy(SKColorType.Bgra8888);
        var info = jpeg.Info with { Format = VideoPixelFormat.Bgra32, Width = bgra.Width, Height = bgra.Height, Stride = bgra.RowBytes };
        var frame = pool.Rent(info, bgra.RowBytes * bgra.Height);
        bgra.GetPixelSpan().CopyTo(frame.GetWritableSpan());
        return frame;
    }
}
