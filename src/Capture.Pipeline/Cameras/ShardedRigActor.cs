using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Cameras;

/// <summary>
/// The rig on one node of a cluster: the same protocol as <see cref="RigActor"/>, but its cameras are entities of the
/// <see cref="CameraShards"/> region, wherever they run. It wakes every configured camera every
/// <see cref="WakeInterval"/>, so that a camera whose node died starts on another within that time of the move.
/// </summary>
internal sealed class ShardedRigActor : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan WakeInterval = TimeSpan.FromSeconds(1);

    // A camera answers its status at once in every state; one that does not within this is moving between nodes, and
    // is listed so rather than holding up the whole list for the ask timeout.
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CaptureSettings _settings;
    private readonly IActorRef _region;
    private readonly ImmutableHashSet<CameraId> _known;

    public ShardedRigActor(CaptureSettings settings, IActorRef region)
    {
        (_settings, _region) = (settings, region);
        _known = [.. settings.Cameras.Select(c => c.Id)];
        Receive<Rig.GetCameras>(_ => HandleGetCameras());
        Receive<Rig.Reconfigure>(_ => HandleReconfigure());
        Receive<Rig.Shutdown>(_ => HandleShutdown());
        Receive<Wake>(_ => WakeAll());
        Receive<CameraStatus>(_ => { }); // the answers to a wake
        Receive<Camera.MediaError>(_ => { });
        Receive<ICameraCommand>(Route);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        WakeAll();
        Timers.StartPeriodicTimer("wake", Wake.Instance, WakeInterval);
    }

    private void WakeAll()
    {
        foreach (var id in _known)
        {
            _region.Tell(new Camera.GetStatus(id));
        }
    }

    private void Route(ICameraCommand message)
    {
        if (_known.Contains(message.CameraId))
        {
            _region.Forward(message);
        }
        else
        {
            Sender.Tell(new Camera.MediaError(message.CameraId, MediaErrorNames.NotFoundError, $"There is no camera '{message.CameraId}' in the rig."));
        }
    }

    private void HandleGetCameras()
    {
        var timeout = StatusTimeout < _settings.Commands.AskTimeout ? StatusTimeout : _settings.Commands.AskTimeout;
        StatusPoll.AskAllAsync(_settings.Cameras, _ => _region, timeout, "did not answer (moving between nodes?)").PipeTo(Sender);
    }

    private void HandleReconfigure()
    {
        _log.Warning("Config change not applied: in a cluster, cameras are changed by restarting each node with the new file");
        Sender.Tell(new Rig.Reconfigured([], [], []));
    }

    private void HandleShutdown()
    {
        // Not stopped here: as the node leaves, sharding hands each camera it hosts to another node (closing it here first).
        _log.Info("Leaving the cluster: this node's cameras move to the others");
        Sender.Tell(new Rig.ShutdownComplete([], []));
    }

    private sealed record Wake : INoSerializationVerificationNeeded
    {
        public static readonly Wake Instance = new();
    }
}
