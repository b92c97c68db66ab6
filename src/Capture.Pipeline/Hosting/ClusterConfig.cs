using System.Text.Json;
using Akka.Configuration;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Hosting;

/// <summary>The Akka.Cluster settings for <c>capture.cluster</c>: the node's address, its seeds, keep-majority downing, sharding on DistributedData.</summary>
public static class ClusterConfig
{
    /// <summary>The HOCON for <paramref name="cluster"/>; empty when it is off.</summary>
    /// <param name="cluster">The settings.</param>
    public static Config For(ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!cluster.Enabled)
        {
            return Config.Empty;
        }

        // HOCON strings are JSON strings.
        string seeds = string.Join(", ", cluster.SeedNodes.Select(s => JsonSerializer.Serialize(s)));
        return ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp {
              hostname = {{JsonSerializer.Serialize(cluster.Hostname)}}
              port = {{cluster.Port}}
            }
            akka.cluster {
              seed-nodes = [{{seeds}}]
              downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
              # Without it, the singleton coordinator and the shards of a downed node wait stable-after again.
              down-removal-margin = {{Millis(cluster.RemovalMargin)}}
              split-brain-resolver {
                active-strategy = keep-majority
                stable-after = {{Millis(cluster.DownAfter)}}
              }
              sharding {
                state-store-mode = ddata
                remember-entities = off
                # A node that joins takes a share of the cameras within a few rounds; each move restarts a camera, so
                # not all at once.
                rebalance-interval = 5s
                # A region finds the coordinator that moved off a dead node within a second.
                retry-interval = 1s
                least-shard-allocation-strategy {
                  rebalance-absolute-limit = 20
                  rebalance-relative-limit = 0.3
                }
              }
            }
            """)
            // Their serializers from the start: a node may hear its peers' sharding state before it starts its own region.
            .WithFallback(Akka.Cluster.Sharding.ClusterSharding.DefaultConfig())
            .WithFallback(Akka.DistributedData.DistributedData.DefaultConfig());
    }

    private static string Millis(TimeSpan time) => $"{(long)time.TotalMilliseconds}ms";
}
