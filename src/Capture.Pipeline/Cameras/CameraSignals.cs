using Akka.Actor;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>The messages a camera actor sends itself (results of device calls, timers) and the rig's <see cref="Retire"/> and <see cref="Shutdown"/>; none is routed.</summary>
/// <remarks>They carry live objects (tracks, exceptions, actor refs) and never leave the process: marked so for Akka's serialization checks.</remarks>
internal static class CameraSignals
{
    /// <summary>Sent by the rig to a camera removed or changed by a reload: close everything, then stop.</summary>
    public sealed record Retire : INoSerializationVerificationNeeded
    {
        public static readonly Retire Instance = new();
    }

    public sealed record DeviceFailed(Exception Error) : INoSerializationVerificationNeeded;

    public sealed record TrackEnded(MediaStreamTrack Track) : INoSerializationVerificationNeeded;

    public sealed record StageFailed(string Stage, Exception Error) : INoSerializationVerificationNeeded;

    /// <summary>Sent by the rig when it shuts down: close like StopCamera, but the desired state stays running for the next start.</summary>
    public sealed record Shutdown : INoSerializationVerificationNeeded
    {
        public static readonly Shutdown Instance = new();
    }

    /// <summary>Constraints the device took: the new desired state; <paramref name="Reply"/> goes to <paramref name="ReplyTo"/> once it is recorded.</summary>
    public sealed record Applied(MediaTrackConstraints Constraints, IActorRef ReplyTo, ICameraReply Reply) : INoSerializationVerificationNeeded;

    /// <summary>Settings a photo was taken with: the new desired photo settings; the photo goes out once they are recorded.</summary>
    public sealed record PhotoTaken(PhotoSettings Settings, IActorRef ReplyTo, ICameraReply Reply) : INoSerializationVerificationNeeded;

    /// <summary>A feature was written by name: remembered (as asked), then <see cref="Reply"/> goes to <see cref="ReplyTo"/>.</summary>
    public sealed record FeatureWritten(string Name, string Value, IActorRef ReplyTo, ICameraReply Reply) : INoSerializationVerificationNeeded;

    public sealed record Reconnect : INoSerializationVerificationNeeded
    {
        public static readonly Reconnect Instance = new();
    }

    public sealed record HealthTick : INoSerializationVerificationNeeded
    {
        public static readonly HealthTick Instance = new();
    }

    /// <summary>The keeper did not answer within <c>capture.state.timeout</c>.</summary>
    public sealed record KeeperOverdue : INoSerializationVerificationNeeded
    {
        public static readonly KeeperOverdue Instance = new();
    }

    public sealed record ExpireWaiting : INoSerializationVerificationNeeded
    {
        public static readonly ExpireWaiting Instance = new();
    }
}
