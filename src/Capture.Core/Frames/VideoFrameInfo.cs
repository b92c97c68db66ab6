using Capture.Core.Video;

namespace Capture.Core.Frames;

/// <summary>Everything about a frame except its bytes: layout, origin and the three clocks.</summary>
/// <param name="CameraId">The device id of the camera that captured it.</param>
/// <param name="Sequence">Per-camera frame number, from 0, without gaps unless frames were lost at the source.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Stride">Bytes per row of the first plane (0 for encoded formats).</param>
/// <param name="Format">Pixel layout or encoding.</param>
/// <param name="DeviceTimestamp">The device's own capture time, when the source has a clock (for encoded video: the presentation time).</param>
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
    /// <summary>For encoded video: the stream this access unit belongs to (codec, size, clock, MP4 initialization segment).</summary>
    /// <remarks>One instance per session of the camera's stream: a reconnect yields a new one, so a sink sees the break.</remarks>
    public EncodedVideoStream? Stream { get; init; }

    /// <summary>For encoded video: a random-access point (an IDR / IRAP picture), where decoding can start.</summary>
    public bool IsKeyFrame { get; init; }

    /// <summary>For encoded video: the decode time, in ticks of <see cref="EncodedVideoStream.Timescale"/>.</summary>
    public long DecodeTime { get; init; }

    /// <summary>For encoded video: presentation time minus decode time, in ticks of <see cref="EncodedVideoStream.Timescale"/>.</summary>
    public int CompositionOffset { get; init; }

    /// <summary>True for H.264 and H.265 access units.</summary>
    public bool IsEncodedVideo => Format is VideoPixelFormat.H264 or VideoPixelFormat.H265;

    /// <summary>The byte count a frame of this layout needs (for raw formats), or 0 when it varies (JPEG).</summary>
    public int ExpectedLength => Format switch
    {
        VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32 or VideoPixelFormat.Gray8 or VideoPixelFormat.Gray16 => Stride * Height,
        _ when Format.IsBayer() => Stride * Height,
        VideoPixelFormat.I420 or VideoPixelFormat.Nv12 => (Stride * Height) + (2 * ((Stride + 1) / 2) * ((Height + 1) / 2)),
        _ => 0,
    };
}
