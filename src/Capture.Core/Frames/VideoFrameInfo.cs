namespace Capture.Core.Frames;

/// <summary>Everything about a frame except its bytes: layout, origin and the three clocks.</summary>
/// <param name="CameraId">The device id of the camera that captured it.</param>
/// <param name="Sequence">Per-camera frame number, from 0, without gaps unless frames were lost at the source.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Stride">Bytes per row of the first plane (0 for encoded formats).</param>
/// <param name="Format">Pixel layout or encoding.</param>
/// <param name="DeviceTimestamp">The device's own capture time, when the source has a clock.</param>
/// <param name="HostTimestamp">Host monotonic time at capture, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
/// <param name="UtcTime">Wall-clock time at capture.</param>
public readonly record struct VideoFrameInfo(
    string CameraId,
    long Sequence,
    int Width,
    int Height,
    int Stride,
    VideoPixelFormat Format,
    TimeSpan? DeviceTimestamp,
    long HostTimestamp,
    DateTime UtcTime)
{
    /// <summary>The byte count a frame of this layout needs (for raw formats), or 0 when it varies (JPEG).</summary>
    public int ExpectedLength => Format switch
    {
        VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32 => Stride * Height,
        VideoPixelFormat.I420 or VideoPixelFormat.Nv12 => (Stride * Height) + (2 * ((Stride + 1) / 2) * ((Height + 1) / 2)),
        _ => 0,
    };
}
