using Capture.Core.Drivers;
using Capture.Core.Drivers.Synthetic;
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
            CameraSources.Synthetic => new SyntheticCameraDriver(camera.Id.Value, camera.Profile, camera.Label) { Faults = camera.Faults },
            _ => throw new CaptureConfigurationException($"capture.cameras.{camera.Id}.source", $"unknown source '{camera.Source}'"),
        };
    }
}
