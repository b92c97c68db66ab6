using Capture.Core.Drivers;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Cameras;

/// <summary>Creates the driver for a configured camera.</summary>
public delegate ICameraDriver CameraDriverFactory(CameraSettings camera);
