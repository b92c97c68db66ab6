using System.Runtime.InteropServices;

namespace Capture.Core.Internal;

/// <summary>The part of the TurboJPEG 2.x C API the encoder and decoder use (turbojpeg.h).</summary>
internal static unsafe partial class TurboJpegNative
{
    public const int PixelFormatRgba = 7;   // TJPF_RGBA
    public const int PixelFormatBgra = 8;   // TJPF_BGRA
    public const int PixelFormatGray = 6;   // TJPF_GRAY
    public const int Subsampling420 = 2;    // TJSAMP_420
    public const int SubsamplingGray = 3;   // TJSAMP_GRAY
    public const int FlagNoRealloc = 1024;  // TJFLAG_NOREALLOC
    public const int FlagFastDct = 2048;    // TJFLAG_FASTDCT

    private const string Library = "libturbojpeg.so.0";

    private static readonly Lazy<bool> s_available = new(() => NativeLibrary.TryLoad(Library, out _));

    public static bool IsAvailable => s_available.Value;

    public static IntPtr CreateCompressor()
    {
        IntPtr handle = tjInitCompress();
        return handle != IntPtr.Zero ? handle : throw new InvalidOperationException($"tjInitCompress failed: {LastError(IntPtr.Zero)}");
    }

    public static string LastError(IntPtr handle) => Marshal.PtrToStringUTF8(tjGetErrorStr2(handle)) ?? "unknown error";

    [LibraryImport(Library)]
    public static partial IntPtr tjInitCompress();

    [LibraryImport(Library)]
    public static partial int tjDestroy(IntPtr handle);

    // 'unsigned long' is 64-bit on Linux x64 (LP64), hence nuint.
    [LibraryImport(Library)]
    public static partial nuint tjBufSize(int width, int height, int jpegSubsamp);

    [LibraryImport(Library)]
    public static partial int tjCompress2(
        IntPtr handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuf, nuint* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(Library)]
    public static partial IntPtr tjGetErrorStr2(IntPtr handle);

    [LibraryImport(Library)]
    public static partial IntPtr tjInitDecompress();

    [LibraryImport(Library)]
    public static partial int tjDecompressHeader3(IntPtr handle, byte* jpegBuf, nuint jpegSize, int* width, int* height, int* jpegSubsamp, int* jpegColorspace);

    [LibraryImport(Library)]
    public static partial int tjDecompress2(IntPtr handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);
}
