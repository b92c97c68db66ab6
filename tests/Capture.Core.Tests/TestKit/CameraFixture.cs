using Capture.Core.Drivers;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Media;

namespace Capture.Core.Tests.TestKit;

/// <summary>One or more synthetic cameras behind a <see cref="MediaDevices"/>, with a leak check on dispose.</summary>
internal sealed class CameraFixture : IAsyncDisposable
{
    private CameraFixture(MediaDevices devices, IReadOnlyList<SyntheticCameraDriver> cameras)
    {
        Devices = devices;
        Cameras = cameras;
    }

    public MediaDevices Devices { get; }

    public IReadOnlyList<SyntheticCameraDriver> Cameras { get; }

    public SyntheticCameraDriver Camera => Cameras[0];

    public static CameraFixture Create(CameraProfile? profile = null, MediaDevicesOptions? options = null, int count = 1) =>
        Create(options, [.. Enumerable.Range(1, count).Select(i => new SyntheticCameraDriver($"cam-{i}", profile))]);

    public static CameraFixture Create(MediaDevicesOptions? options, params SyntheticCameraDriver[] cameras) =>
        new(new MediaDevices(cameras, options), cameras);

    /// <summary>Opens a video track; the default profile runs at a low rate so specs stay light.</summary>
    public async Task<MediaStreamTrack> OpenTrackAsync(MediaTrackConstraints? constraints = null)
    {
        var stream = await Devices.GetUserMediaAsync(new MediaStreamConstraints { Video = constraints ?? new MediaTrackConstraints() });
        return stream.GetVideoTracks()[0];
    }

    public async ValueTask DisposeAsync()
    {
        await Devices.DisposeAsync();
        foreach (var camera in Cameras)
        {
            await camera.DisposeAsync();

            // Every frame rented for this test went back to its pool: nobody leaked a reference.
            Assert.Equal(0, camera.Pool.Outstanding);
        }
    }
}
