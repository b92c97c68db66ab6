using Capture.Core.Drivers;
using Capture.Core.Drivers.Synthetic;
using Capture.Drivers.Ffmpeg;
using Capture.Drivers.GenICam;
using Capture.Drivers.Mjpeg;
using Capture.Drivers.Rtsp;
using Capture.Drivers.V4L2;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Cameras;

/// <summary>The default <see cref="CameraDriverFactory"/>: one driver per configured source.</summary>
public static class CameraDrivers
{
    /// <summary>Creates the driver <paramref name="camera"/>'s source names.</summary>
    /// <exception cref="CaptureConfigurationException">The source is unknown.</exception>
    public static ICameraDriver Create(CameraSettings camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return camera.Source switch
        {
            SourceKind.Synthetic => new SyntheticCameraDriver(camera.Id.Value, camera.Profile, camera.Label) { Faults = camera.Faults, Scene = camera.Scene },
            SourceKind.Mjpeg => new MjpegHttpDriver(Descriptor(camera), new Uri(camera.Url!), camera.Credentials?.ToNetworkCredential(), camera.ReadTimeout, FrameRate(camera), camera.Snapshot),
            SourceKind.Ffmpeg => new FfmpegDriver(Descriptor(camera), camera.Url!, FrameRate(camera), camera.Loop, readTimeout: camera.ReadTimeout, credentials: camera.Credentials?.ToNetworkCredential()),
            SourceKind.Rtsp => new RtspDriver(Descriptor(camera), camera.Url!, FrameRate(camera), camera.ReadTimeout, camera.Credentials?.ToNetworkCredential()),
            SourceKind.V4L2 => new V4L2Driver(Descriptor(camera), camera.Url!),
            SourceKind.GenICam => new GenICamDriver(Descriptor(camera), camera.Url!, camera.Trigger == TriggerMode.Off ? null : camera.Trigger.ToString(), camera.PixelFormat, camera.Features),
            _ => throw new CaptureConfigurationException($"capture.cameras.{camera.Id}.source", $"unknown source '{camera.Source}'"),
        };
    }

    private static CameraDescriptor Descriptor(CameraSettings camera) => new(camera.Id.Value, camera.Label);

    private static double? FrameRate(CameraSettings camera) => camera.Constraints.FrameRate?.Value ?? camera.Constraints.FrameRate?.Ideal ?? camera.Constraints.FrameRate?.Exact;
}
