using System.Collections.Immutable;

namespace Capture.Pipeline.Configuration;

/// <summary>Several services as one rig (<c>capture.cluster</c>): Akka.Cluster with each camera a sharded entity.</summary>
/// <param name="Enabled">Off: one process holds every camera, as without this section.</param>
/// <param name="Hostname">The address other nodes reach this one at.</param>
/// <param name="Port">The cluster port; 0 for any free one.</param>
/// <param name="SeedNodes">The nodes a starting node joins through (<c>akka.tcp://capture@host:port</c>).</param>
/// <param name="DownAfter">How long a node may be unreachable before the split-brain resolver (keep-majority) downs it and its cameras start elsewhere.</param>
/// <param name="RemovalMargin">After a downed node is removed, how long before its cameras start elsewhere (Akka's <c>down-removal-margin</c>).</param>
public sealed record ClusterSettings(bool Enabled, string Hostname, int Port, ImmutableArray<string> SeedNodes, TimeSpan DownAfter, TimeSpan RemovalMargin)
{
    /// <summary>No cluster.</summary>
    public static ClusterSettings Off { get; } = new(false, "127.0.0.1", 0, [], TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

    internal static ClusterSettings Read(ConfigReader reader)
    {
        const string Root = "capture.cluster";
        IList<string> seeds;
        try
        {
            seeds = reader.Config.GetStringList($"{Root}.seed-nodes");
        }
        catch (Exception e) when (e is not CaptureConfigurationException)
        {
            throw reader.Error($"{Root}.seed-nodes", "must be a list of akka.tcp://capture@host:port addresses", e);
        }

        foreach (var (seed, i) in seeds.Select((s, i) => (s, i)))
        {
            if (!seed.StartsWith("akka.tcp://capture@", StringComparison.Ordinal))
            {
                throw reader.Error($"{Root}.seed-nodes[{i}]", $"must be akka.tcp://capture@host:port, got '{seed}'");
            }
        }

        return new ClusterSettings(
            reader.Flag($"{Root}.enabled"),
            reader.Text($"{Root}.hostname") ?? "127.0.0.1",
            reader.Integer($"{Root}.port", 0, 65535),
            [.. seeds],
            reader.Duration($"{Root}.down-unreachable-after"),
            reader.Duration($"{Root}.down-removal-margin"));
    }
}
