using System.Buffers;
using Capture.Core.Frames;
using Capture.Core.Internal;

namespace Capture.Core.Imaging;

/// <summary>JPEG encoding through libturbojpeg (Debian <c>libturbojpeg0</c>): 4:2:0 (grey for <see cref="VideoPixelFormat.Gray8"/>), fast DCT, straight into the caller's buffer.</summary>
/// <remarks>
/// One compressor handle per thread, because a TurboJPEG handle is not thread-safe; the output is written with
/// <c>TJFLAG_NOREALLOC</c> into a span sized by <c>tjBufSize</c>, so nothing is allocated per image.
/// </remarks>
public sealed class TurboJpegEncoder : IImageEncoder, IDisposable
{
    private readonly ThreadLocal<IntPtr> _handles = new(TurboJpegNative.CreateCompressor, trackAllValues: true);

    /// <summary>True when libturbojpeg can be loaded on this machine.</summary>
    public static bool IsAvailable => TurboJpegNative.IsAvailable;

    /// <inheritdoc />
    public string MimeType => "image/jpeg";

    /// <inheritdoc />
    public unsafe void Encode(in ImageView image, int quality, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (image.Format == VideoPixelFormat.Gray16)
        {
            using var narrow = new GreyNarrowing(image); // JPEG holds 8 bits a sample
            Encode(narrow.View, quality, output);
            return;
        }

        if (image.Format.IsBayer())
        {
            using var colour = new BayerDemosaic(image); // a JPEG of the mosaic itself would be a chequered grey picture
            Encode(colour.View, quality, output);
            return;
        }

        var (pixelFormat, subsampling) = image.Format switch
        {
            VideoPixelFormat.Bgra32 => (TurboJpegNative.PixelFormatBgra, TurboJpegNative.Subsampling420),
            VideoPixelFormat.Gray8 => (TurboJpegNative.PixelFormatGray, TurboJpegNative.SubsamplingGray),
            _ => (TurboJpegNative.PixelFormatRgba, TurboJpegNative.Subsampling420),
        };
        nuint capacity = TurboJpegNative.tjBufSize(image.Width, image.Height, subsampling);
        var destination = output.GetSpan(checked((int)capacity));
        nuint size = capacity;
        fixed (byte* source = image.Pixels)
        fixed (byte* target = destination)
        {
            byte* jpeg = target;
            int result = TurboJpegNative.tjCompress2(
                _handles.Value, source, image.Width, image.Stride, image.Height, pixelFormat,
                &jpeg, &size, subsampling, quality, TurboJpegNative.FlagNoRealloc | TurboJpegNative.FlagFastDct);
            if (result != 0)
            {
                throw new InvalidOperationException($"libturbojpeg failed to encode: {TurboJpegNative.LastError(_handles.Value)}");
            }
        }

        output.Advance(checked((int)size));
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
}
