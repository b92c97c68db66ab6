using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>The messages a camera actor sends itself (results of device calls, timers) and the rig's <see cref="Retire"/>; none is routed.</summary>
internal static class CameraSignals
{
    /// <summary>Sent by the rig to a camera removed or changed by a reload: close everything, then stop.</summary>
    public sealed record Retire
    {
        public static readonly Retire Instance = new();
    }

    public sealed record DeviceFailed(Exception Error);

    public sealed record TrackEnded(MediaStreamTrack Track);

    public sealed record StageFailed(string Stage, Exception Error);

    /// <summary>Constraints the device took: the new desired state.</summary>
    public sealed record Applied(MediaTrackConstraints Constraints);

    /// <summary>Settings a photo was taken with: the new desired photo settings.</summary>
    public sealed record PhotoTaken(PhotoSettings Settings);

    public sealed record Reconnect
    {
        public static readonly Reconnect Instance = new();
    }

    public sealed record HealthTick
    {
        public static readonly HealthTick Instance = new();
    }

    public sealed record ExpireWaiting
    {
        public static readonly ExpireWaiting Instance = new();
    }
}
