using Akka.Actor;
using Akka.Cluster.Sharding;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;

namespace Capture.Pipeline.Cameras;

/// <summary>
/// Cameras as Cluster Sharding entities (type <c>camera</c>, entity id = camera id): each runs on the node its shard
/// lives on, and moves when that node leaves or is downed. Every node starts the region with the same cameras. Device
/// cameras (<see cref="SourceKinds.IsDeviceBound"/>) are not entities: each runs on the node it is plugged into.
/// </summary>
public static class CameraShards
{
    /// <summary>The entity type's name.</summary>
    public const string TypeName = "camera";

    // Enough shards to spread a rig of hundreds evenly over a handful of nodes; fixed for the life of the cluster.
    private const int Shards = 100;

    /// <summary>Starts this node's region; returns it, to pass to <see cref="Rig.ShardedProps"/>.</summary>
    /// <param name="system">The node's actor system (provider = cluster).</param>
    /// <param name="settings">The rig's settings: the same cameras on every node.</param>
    /// <param name="drivers">Creates each camera's driver; <see cref="CameraDrivers.Create"/> when null.</param>
    /// <param name="liveViews">This node's live views, for the cameras it hosts.</param>
    public static IActorRef StartRegion(ActorSystem system, CaptureSettings settings, CameraDriverFactory? drivers = null, LiveViews? liveViews = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cameras = settings.Cameras.Where(c => !c.Source.IsDeviceBound()).ToDictionary(c => c.Id.Value);
        var sharding = ClusterSharding.Get(system);
        var shardSettings = ClusterShardingSettings.Create(system);
        return sharding.Start(
            TypeName,
            id => Camera.Props(cameras[id], settings, drivers ?? CameraDrivers.Create, liveViews),
            shardSettings,
            new Extractor(),
            sharding.DefaultShardAllocationStrategy(shardSettings),
            CameraSignals.Retire.Instance); // a camera handed off closes its device and files first, then stops
    }

    private sealed class Extractor() : HashCodeMessageExtractor(Shards)
    {
        public override string? EntityId(object message) => message is ICameraMessage camera ? camera.CameraId.Value : null;
    }
}
