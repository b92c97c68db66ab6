using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;

namespace Capture.Pipeline.Cameras;

/// <summary>
/// The rig on one node of a cluster: the same protocol as <see cref="RigActor"/>. Its network and synthetic cameras are
/// entities of the <see cref="CameraShards"/> region, wherever they run; it wakes each of them every
/// <see cref="WakeInterval"/>, so that a camera whose node died starts on another within that time of the move. Its
/// device cameras (<see cref="SourceKinds.IsDeviceBound"/>) stay on this node, under a local rig (child <c>devices</c>);
/// every <see cref="WakeInterval"/> it asks the other nodes' rigs for theirs, and routes to them through those rigs.
/// A command for a sharded camera whose node is unreachable or gone gets InvalidStateError (the camera is moving), at
/// once or, if it was already on its way to that node, as soon as the node is seen unreachable: none waits out its
/// timeout in a dead node's mailbox.
/// </summary>
internal sealed class ShardedRigActor : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan WakeInterval = TimeSpan.FromSeconds(1);

    // A camera answers its status at once in every state; one that does not within this is moving between nodes, and
    // is listed so rather than holding up the whole list for the ask timeout.
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly CaptureSettings _settings;
    private readonly IActorRef _region;
    private readonly ImmutableArray<CameraSettings> _sharded;
    private readonly ImmutableHashSet<CameraId> _shardedIds;
    private readonly IActorRef _devices;
    private ImmutableHashSet<CameraId> _deviceIds;

    // The other nodes' device cameras, as their rigs last listed them.
    private readonly Dictionary<Address, Peer> _peers = [];

    // Where each sharded camera last answered a wake from, and the commands on their way to a node.
    private readonly Dictionary<CameraId, string> _hosts = [];
    private readonly Dictionary<long, InFlight> _inFlight = [];
    private long _sent;

    public ShardedRigActor(CaptureSettings settings, IActorRef region, CameraDriverFactory drivers, LiveViews? liveViews)
    {
        (_settings, _region) = (settings, region);
        _sharded = [.. settings.Cameras.Where(c => !c.Source.IsDeviceBound())];
        _shardedIds = [.. _sharded.Select(c => c.Id)];
        var devices = DevicesOf(settings);
        _deviceIds = [.. devices.Cameras.Select(c => c.Id)];
        _devices = Context.ActorOf(Rig.Props(devices, drivers, liveViews), "devices");
        Receive<Rig.GetCameras>(_ => HandleGetCameras());
        Receive<Rig.GetDeviceCameras>(_ => HandleGetDeviceCameras());
        Receive<Rig.CameraList>(HandlePeerDevices);
        Receive<Rig.Reconfigure>(HandleReconfigure);
        Receive<Rig.Shutdown>(_ => HandleShutdown());
        Receive<Wake>(_ => WakeAll());
        Receive<CameraStatus>(status => _hosts[status.CameraId] = status.Node ?? string.Empty); // the answers to a wake
        Receive<Camera.MediaError>(_ => { });
        Receive<Answered>(HandleAnswered);
        Receive<ClusterEvent.UnreachableMember>(HandleUnreachable);
        Receive<Camera.StartTogether>(start => Sender.Tell(new Camera.MediaError(start.CameraId, MediaErrorNames.NotSupportedError, "A synchronised start needs its cameras in one process: run the lab rig on one node.")));
        Receive<ICameraCommand>(Route);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        WakeAll();
        Timers.StartPeriodicTimer("wake", Wake.Instance, WakeInterval);
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static CaptureSettings DevicesOf(CaptureSettings settings) =>
        settings with { Cameras = [.. settings.Cameras.Where(c => c.Source.IsDeviceBound())] };

    private void WakeAll()
    {
        foreach (var id in _shardedIds)
        {
            _region.Tell(new Camera.GetStatus(id));
        }

        // The other nodes' device cameras: forgotten with their node, asked again from every node that is up.
        var up = _cluster.State.Members.Where(m => m.Status == MemberStatus.Up && !m.Address.Equals(_cluster.SelfAddress)).Select(m => m.Address).ToHashSet();
        foreach (var gone in _peers.Keys.Where(address => !up.Contains(address)).ToList())
        {
            _peers.Remove(gone);
        }

        foreach (var address in up)
        {
            Context.ActorSelection(new RootActorPath(address) / Self.Path.Elements).Tell(Rig.GetDeviceCameras.Instance);
        }
    }

    private void Route(ICameraCommand message)
    {
        if (_shardedIds.Contains(message.CameraId))
        {
            RouteToShard(message);
        }
        else if (_deviceIds.Contains(message.CameraId))
        {
            _devices.Forward(message);
        }
        else if (_peers.Values.FirstOrDefault(p => p.Cameras.Any(c => c.CameraId == message.CameraId)) is { } peer)
        {
            peer.Rig.Forward(message);
        }
        else
        {
            Sender.Tell(new Camera.MediaError(message.CameraId, MediaErrorNames.NotFoundError, $"There is no camera '{message.CameraId}' in the rig."));
        }
    }

    private void RouteToShard(ICameraCommand message)
    {
        if (!_hosts.TryGetValue(message.CameraId, out var host))
        {
            _region.Forward(message); // not awake yet: it starts wherever its shard is
            return;
        }

        if (!IsUp(host))
        {
            Sender.Tell(Moving(message.CameraId, host));
            return;
        }

        long sent = ++_sent;
        _inFlight[sent] = new InFlight(Sender, message.CameraId, host);
        _region.Ask<object>(message, _settings.Commands.AskTimeout)
            .PipeTo(Self, success: reply => new Answered(sent, reply), failure: _ => new Answered(sent, null));
    }

    private bool IsUp(string host)
    {
        var state = _cluster.State;
        return host.Length == 0 || (state.Members.Any(m => m.Status == MemberStatus.Up && m.Address.ToString() == host) && !state.Unreachable.Any(m => m.Address.ToString() == host));
    }

    private static Camera.MediaError Moving(CameraId camera, string host) => new(
        camera, MediaErrorNames.InvalidStateError, $"Camera '{camera}' is moving: its node {host} is unreachable or gone, and it starts on another node within seconds; try again then.");

    private void HandleAnswered(Answered answered)
    {
        // A timeout answers nothing: the caller's own ask times out alike.
        if (_inFlight.Remove(answered.Sent, out var command) && answered.Reply is not null)
        {
            command.Caller.Tell(answered.Reply);
        }
    }

    private void HandleUnreachable(ClusterEvent.UnreachableMember unreachable)
    {
        string host = unreachable.Member.Address.ToString();
        foreach (var (sent, command) in _inFlight.Where(c => c.Value.Host == host).ToList())
        {
            _inFlight.Remove(sent);
            command.Caller.Tell(Moving(command.CameraId, host));
        }
    }

    private void HandleGetCameras()
    {
        var timeout = StatusTimeout < _settings.Commands.AskTimeout ? StatusTimeout : _settings.Commands.AskTimeout;
        var sharded = StatusPoll.AskAllAsync(_sharded, _ => _region, timeout, "did not answer (moving between nodes?)");
        var devices = _devices.Ask<Rig.CameraList>(Rig.GetCameras.Instance, _settings.Commands.AskTimeout);
        var elsewhere = _peers.Values.Select(peer => PeerDevicesAsync(peer, timeout)).ToList();
        ListAsync(sharded, devices, elsewhere).PipeTo(Sender);
    }

    private static async Task<Rig.CameraList> ListAsync(Task<Rig.CameraList> sharded, Task<Rig.CameraList> devices, List<Task<Rig.CameraList>> elsewhere)
    {
        var lists = await Task.WhenAll([sharded, devices, .. elsewhere]).ConfigureAwait(false);
        return new Rig.CameraList([.. lists.SelectMany(l => l.Cameras)]);
    }

    private static async Task<Rig.CameraList> PeerDevicesAsync(Peer peer, TimeSpan timeout)
    {
        try
        {
            return await peer.Rig.Ask<Rig.CameraList>(Rig.GetDeviceCameras.Instance, timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            var now = DateTimeOffset.UtcNow;
            return new Rig.CameraList([.. peer.Cameras.Select(c => c with { Health = CameraHealth.Failed, Since = now, LastError = "its node did not answer" })]);
        }
    }

    private void HandleGetDeviceCameras() =>
        _devices.Ask<Rig.CameraList>(Rig.GetCameras.Instance, _settings.Commands.AskTimeout).PipeTo(Sender, Self);

    private void HandlePeerDevices(Rig.CameraList list)
    {
        var address = Sender.Path.Address;
        if (!_peers.ContainsKey(address) && list.Cameras.Where(c => _shardedIds.Contains(c.CameraId) || _deviceIds.Contains(c.CameraId)).Select(c => c.CameraId).ToList() is [_, ..] clashes)
        {
            _log.Warning("Node {Node} runs device cameras this node also has, [{Cameras}]: commands go to this node's; list each device camera in one node's file only", address, string.Join(", ", clashes));
        }

        _peers[address] = new Peer(Sender, list.Cameras);
    }

    private void HandleReconfigure(Rig.Reconfigure reconfigure)
    {
        // Device cameras are this node's own: the local rig applies the change. Sharded cameras are the same on every
        // node, so they change by restarting each node with the new file.
        if (!reconfigure.Settings.Cameras.Where(c => !c.Source.IsDeviceBound()).Select(c => c.Fingerprint).SequenceEqual(_sharded.Select(c => c.Fingerprint)))
        {
            _log.Warning("Config change to network and synthetic cameras not applied: in a cluster, they change by restarting each node with the new file");
        }

        var devices = DevicesOf(reconfigure.Settings);
        _deviceIds = [.. devices.Cameras.Select(c => c.Id)];
        _devices.Forward(new Rig.Reconfigure(devices));
    }

    private void HandleShutdown()
    {
        // The sharded cameras are not stopped here: as the node leaves, sharding hands each one it hosts to another node
        // (closing it here first). The device cameras stop with their node.
        _log.Info("Leaving the cluster: this node's network and synthetic cameras move to the others");
        _devices.Forward(Rig.Shutdown.Instance);
    }

    private sealed record Peer(IActorRef Rig, ImmutableArray<CameraStatus> Cameras);

    private sealed record InFlight(IActorRef Caller, CameraId CameraId, string Host);

    private sealed record Answered(long Sent, object? Reply) : INoSerializationVerificationNeeded;

    private sealed record Wake : INoSerializationVerificationNeeded
    {
        public static readonly Wake Instance = new();
    }
}
