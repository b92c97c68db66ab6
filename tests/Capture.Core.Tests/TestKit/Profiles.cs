using Capture.Core.Drivers;

namespace Capture.Core.Tests.TestKit;

/// <summary>Capability profiles for specs.</summary>
internal static class Profiles
{
    /// <summary>The default profile at a small size and 15 fps, to keep specs cheap.</summary>
    public static CameraProfile Small { get; } = CameraProfile.Default with
    {
        Settings = CameraProfile.Default.Settings with { Width = 320, Height = 240, AspectRatio = 320 / 240.0, FrameRate = 15 },
    };

    /// <summary>A fixed-focus webcam: no PTZ, no torch capability beyond "off", no focus control, no photos.</summary>
    public static CameraProfile Webcam { get; } = CameraProfile.Parse("""
        {
          "capabilities": {
            "width": { "min": 160, "max": 640, "step": 1 },
            "height": { "min": 120, "max": 480, "step": 1 },
            "frameRate": { "min": 5, "max": 30 },
            "facingMode": [ "user" ],
            "resizeMode": [ "none" ],
            "brightness": { "min": 0, "max": 255, "step": 1 },
            "torch": [ false ]
          },
          "settings": { "width": 320, "height": 240, "frameRate": 15, "facingMode": "user", "resizeMode": "none", "brightness": 128, "torch": false }
        }
        """);
}
