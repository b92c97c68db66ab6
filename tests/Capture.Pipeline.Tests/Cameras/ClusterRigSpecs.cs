using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Capture.Core.Drivers;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Hosting;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>
/// Three nodes on 127.0.0.1 (three actor systems in this process, each with its own cluster port) sharing 12 synthetic
/// cameras and one SQLite state journal, and a USB camera plugged into the second node: any node answers for every
/// camera; a node that leaves hands its cameras over; the USB camera stays where it is plugged in.
/// </summary>
public sealed class ClusterRigSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CameraCount = 13;
    private const string UsbCamera = "usb-1";
    private readonly string _root = Directory.CreateTempSubdirectory("cluster-").FullName;
    private readonly List<Node> _nodes = [];

    private static IEnumerable<string> CameraIds => Enumerable.Range(1, CameraCount - 1).Select(i => $"cam-{i:D2}");

    [Fact]
    public async Task Twelve_cameras_should_spread_over_three_nodes_and_each_node_should_answer_for_all()
    {
        // Least-shard allocation, and rebalancing for a region that registered after the first allocations.
        var statuses = await AllLiveAsync(_nodes[0], list => list.Select(s => s.Node).Distinct().Count() == 3);
        var viaThird = await AllLiveAsync(_nodes[2], list => list.Select(s => s.Node).Distinct().Count() == 3);

        output.WriteLine(string.Join(", ", statuses.GroupBy(s => s.Node).Select(h => $"{h.Key}: {h.Count()}")));
        Assert.Equal(statuses.Select(s => (s.CameraId, s.Node)), viaThird.Select(s => (s.CameraId, s.Node)));
        var settings = await _nodes[1].Rig.Camera("cam-07").ApplyConstraintsAsync(new() { Zoom = 2 });
        Assert.Equal(2, settings.Zoom);
    }

    [Fact]
    public async Task A_node_that_leaves_should_hand_its_cameras_over_with_their_constraints()
    {
        var leaving = _nodes[2];
        var statuses = await AllLiveAsync(_nodes[0], list => list.Any(s => s.Node == leaving.Address));
        var moved = statuses.Where(s => s.Node == leaving.Address).Select(s => s.CameraId.Value).ToList();
        Assert.NotEmpty(moved);
        foreach (var id in moved)
        {
            await _nodes[0].Rig.Camera(id).ApplyConstraintsAsync(new() { Zoom = 3 });
        }

        var clock = Stopwatch.StartNew();
        await CoordinatedShutdown.Get(leaving.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        var after = await Eventually.UntilAsync(
            ct => _nodes[0].Rig.GetCamerasAsync(ct),
            list => list.Count == CameraCount && list.All(s => s.Health == CameraHealth.Healthy && s.Node is { } node && node != leaving.Address),
            "every camera healthy on the two nodes left",
            TimeSpan.FromSeconds(60),
            200);
        output.WriteLine($"{moved.Count} cameras moved in {clock.ElapsedMilliseconds} ms");

        foreach (var id in moved)
        {
            Assert.Equal(3, (await _nodes[1].Rig.Camera(id).GetSettingsAsync()).Zoom); // their desired state came with them
        }

        Assert.Equal(2, after.Select(s => s.Node).Distinct().Count());
    }

    [Fact]
    public async Task A_usb_camera_should_stay_on_its_node_and_answer_through_every_node()
    {
        var plugged = _nodes[1];
        var statuses = await AllLiveAsync(_nodes[0]);
        Assert.Equal(plugged.Address, statuses.Single(s => s.CameraId.Value == UsbCamera).Node);

        var applied = await _nodes[2].Rig.Camera(UsbCamera).ApplyConstraintsAsync(new() { Zoom = 4 });
        Assert.Equal(4, applied.Zoom);
        Assert.Equal(4, (await _nodes[0].Rig.Camera(UsbCamera).GetSettingsAsync()).Zoom);

        // The third node leaves: its cameras move, the USB camera does not.
        await CoordinatedShutdown.Get(_nodes[2].System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        var after = await AllLiveAsync(_nodes[0], list => list.All(s => s.Node != _nodes[2].Address));
        Assert.Equal(plugged.Address, after.Single(s => s.CameraId.Value == UsbCamera).Node);

        // Its node's file gains a second USB camera: hot reload starts it there, and the first node lists it.
        var reloaded = Settings(seeds: string.Empty, usb: $"{UsbCamera} {{ source = v4l2 }}\nusb-2 {{ source = v4l2, device = \"/dev/video1\" }}");
        var changes = await plugged.RigActor.Ask<Rig.Reconfigured>(new Rig.Reconfigure(reloaded), TimeSpan.FromSeconds(10));
        Assert.Equal(["usb-2"], changes.Added.Select(id => id.Value));
        await Eventually.UntilAsync(
            ct => _nodes[0].Rig.GetCamerasAsync(ct),
            list => list.Any(s => s.CameraId.Value == "usb-2" && s.Node == plugged.Address && s.Health == CameraHealth.Healthy),
            "usb-2 listed through the first node",
            TimeSpan.FromSeconds(30),
            200);
    }

    public async Task InitializeAsync()
    {
        var state = new StateSettings(StateJournal.Sqlite, Path.Combine(_root, "state.db"), TimeSpan.FromSeconds(3));
        StateJournalConfig.Prepare(state);
        for (int i = 0; i < 3; i++)
        {
            // The first node is its own seed; the others join it. Port 0: each node gets a free port.
            string seeds = i == 0 ? string.Empty : $"seed-nodes = [ \"{_nodes[0].Address}\" ]";
            var settings = Settings(seeds, usb: i == 1 ? $"{UsbCamera} {{ source = v4l2 }}" : string.Empty);
            var system = ActorSystem.Create("capture", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
                .WithFallback(ClusterConfig.For(settings.Cluster))
                .WithFallback(StateJournalConfig.For(state))
                .WithFallback(CaptureHostingExtensions.ActorSystemDefaults));
            var cluster = Cluster.Get(system);
            if (i == 0)
            {
                cluster.Join(cluster.SelfAddress);
            }

            await Eventually.UntilAsync(() => cluster.SelfMember.Status == MemberStatus.Up, $"node {i + 1} up");
            _nodes.Add(new Node(system, cluster.SelfAddress.ToString(), settings));
        }

        // Regions once all three are members, then the rigs (which wake the cameras), so that allocation sees every node.
        var regions = _nodes.Select(node => CameraShards.StartRegion(node.System, node.Settings)).ToList();
        foreach (var (node, region) in _nodes.Zip(regions))
        {
            node.RigActor = node.System.ActorOf(Rig.ShardedProps(node.Settings, region, Drivers), "rig");
            node.Rig = new CaptureRig(node.RigActor, node.Settings.Commands.AskTimeout);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.System.Terminate();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static CaptureSettings Settings(string seeds, string usb)
    {
        string cameras = string.Join('\n', CameraIds.Select(id => $"{id} {{ width = 160, height = 120, frame-rate = 5 }}"));
        return CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.cluster { enabled = on, port = 0, down-unreachable-after = 2s {{(seeds.Length > 0 ? "\n" + seeds : string.Empty)}} }
            capture.cameras { {{cameras}}
            {{usb}} }
            """));
    }

    // No USB camera here: the V4L2 camera is played by a synthetic one.
    private static ICameraDriver Drivers(CameraSettings camera) =>
        CameraDrivers.Create(camera.Source == SourceKind.V4L2 ? camera with { Source = SourceKind.Synthetic } : camera);

    private static Task<IReadOnlyList<CameraStatus>> AllLiveAsync(Node node, Func<IReadOnlyList<CameraStatus>, bool>? and = null) => Eventually.UntilAsync(
        ct => node.Rig.GetCamerasAsync(ct),
        list => list.Count == CameraCount && list.All(s => s.Health == CameraHealth.Healthy && s.Node is not null) && (and?.Invoke(list) ?? true),
        $"all {CameraCount} cameras healthy, seen from {node.Address}",
        TimeSpan.FromSeconds(60),
        200);

    private sealed record Node(ActorSystem System, string Address, CaptureSettings Settings)
    {
        public IActorRef RigActor { get; set; } = ActorRefs.Nobody;

        public CaptureRig Rig { get; set; } = null!;
    }
}
