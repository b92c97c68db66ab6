using Capture.Core.Drivers;
using Capture.Core.Media;
using Capture.Drivers.V4L2;

namespace Capture.Drivers.Tests.V4L2;

/// <summary>The V4L2 driver on a machine without cameras (the build machines have none).</summary>
public sealed class V4L2DriverSpecs
{
    [Fact]
    public void A_machine_without_video_devices_should_enumerate_no_cameras()
    {
        var devices = Directory.Exists("/dev") ? Directory.GetFiles("/dev", "video*") : [];

        var cameras = V4L2Driver.Enumerate();

        Assert.True(devices.Length > 0 || cameras.Count == 0);
        Assert.All(cameras, c => Assert.StartsWith("/dev/video", c.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Opening_a_missing_device_should_fail_with_NotReadableError()
    {
        await using var devices = new MediaDevices(new V4L2Driver(new CameraDescriptor("usb", "USB camera"), "/dev/video-not-here"));

        var error = await Assert.ThrowsAsync<MediaException>(() => devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true }));

        Assert.Equal(MediaErrorNames.NotReadableError, error.Name);
        Assert.Contains("/dev/video-not-here", error.Message, StringComparison.Ordinal);
    }
}
