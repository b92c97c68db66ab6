using System.Collections.Immutable;
using Akka.Actor;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;

namespace Capture.Pipeline.Cameras;

/// <summary>The protocol of the rig actor, which supervises one camera actor per configured camera and routes to them.</summary>
/// <remarks>
/// Any <see cref="ICameraMessage"/> sent to the rig goes to that camera (an unknown id gets a NotFoundError reply).
/// Registered in the <c>ActorRegistry</c> under this type by <c>WithCaptureRig</c>.
/// </remarks>
public sealed class Rig
{
    private Rig()
    {
    }

    /// <summary>The props of the rig actor.</summary>
    public static Props Props(CaptureSettings settings, CameraDriverFactory? drivers = null, LiveViews? liveViews = null) =>
        Akka.Actor.Props.Create(() => new RigActor(settings, drivers ?? CameraDrivers.Create, liveViews));

    /// <summary>
    /// The props of the rig on one node of a cluster: its network and synthetic cameras are entities of
    /// <paramref name="region"/> (<see cref="CameraShards.StartRegion"/>); its device cameras (<see cref="SourceKinds.IsDeviceBound"/>)
    /// run on this node, and the other nodes' rigs reach them through it.
    /// </summary>
    public static Props ShardedProps(CaptureSettings settings, IActorRef region, CameraDriverFactory? drivers = null, LiveViews? liveViews = null) =>
        Akka.Actor.Props.Create(() => new ShardedRigActor(settings, region, drivers ?? CameraDrivers.Create, liveViews));

    /// <summary>Lists every camera's status; replies <see cref="CameraList"/>.</summary>
    public sealed record GetCameras
    {
        /// <summary>The message.</summary>
        public static GetCameras Instance { get; } = new();

        private GetCameras()
        {
        }
    }

    /// <summary>From another node's rig: lists the device cameras that run on this node; replies <see cref="CameraList"/>.</summary>
    public sealed record GetDeviceCameras
    {
        /// <summary>The message.</summary>
        public static GetDeviceCameras Instance { get; } = new();
    }

    /// <summary>Applies new settings: adds, removes and reopens changed cameras, leaving the others untouched; replies <see cref="Reconfigured"/>.</summary>
    public sealed record Reconfigure(CaptureSettings Settings);

    /// <summary>Stops every camera, closing its device; replies <see cref="ShutdownComplete"/>.</summary>
    public sealed record Shutdown
    {
        /// <summary>The message.</summary>
        public static Shutdown Instance { get; } = new();

        private Shutdown()
        {
        }
    }

    /// <summary>The reply to <see cref="GetCameras"/>, in configuration order.</summary>
    public sealed record CameraList(ImmutableArray<CameraStatus> Cameras);

    /// <summary>The reply to <see cref="Reconfigure"/>.</summary>
    public sealed record Reconfigured(ImmutableArray<CameraId> Added, ImmutableArray<CameraId> Removed, ImmutableArray<CameraId> Changed);

    /// <summary>The reply to <see cref="Shutdown"/>: the cameras that confirmed they stopped, and those that did not in time.</summary>
    public sealed record ShutdownComplete(ImmutableArray<CameraId> Stopped, ImmutableArray<CameraId> TimedOut);
}
