using System.Threading.Channels;

namespace Capture.Pipeline.Stages;

/// <summary>A bounded queue between stages and its policy when full.</summary>
/// <param name="Capacity">Frames held.</param>
/// <param name="FullMode">
/// <see cref="BoundedChannelFullMode.Wait"/> applies back-pressure (recording: never drop);
/// <see cref="BoundedChannelFullMode.DropOldest"/> keeps the freshest (live view); drops are counted.
/// </param>
public sealed record ChannelSettings(int Capacity, BoundedChannelFullMode FullMode)
{
    /// <summary>
    /// The reader continues on the writer's thread when a frame arrives, instead of being woken on the thread pool.
    /// Only for readers that hand frames on and never block (the fan-out): each thread-pool hop costs a wake-up, the
    /// largest per-frame cost of a pass-through camera (docs/decisions.md, "Fewer hops per frame").
    /// </summary>
    public bool Inline { get; init; }

    /// <summary>Back-pressure, for recording sinks.</summary>
    public static ChannelSettings Recording { get; } = new(16, BoundedChannelFullMode.Wait);

    /// <summary>Freshest frames only, for live views; read on the fan-out's thread (a live view keeps a reference and never blocks).</summary>
    public static ChannelSettings Live { get; } = new(2, BoundedChannelFullMode.DropOldest) { Inline = true };

    /// <summary>Between processing stages: short, with back-pressure.</summary>
    public static ChannelSettings Internal { get; } = new(2, BoundedChannelFullMode.Wait);

    /// <summary>Into the fan-out: short, with back-pressure, read on the writer's thread.</summary>
    public static ChannelSettings FanOut { get; } = Internal with { Inline = true };
}
