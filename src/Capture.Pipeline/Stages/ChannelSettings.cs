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
    /// The reader continues on the writer's thread when a frame arrives, instead of being woken on the thread pool
    /// (each wake-up is the largest per-frame cost of a pass-through camera: docs/decisions.md, "Fewer wake-ups per
    /// frame"). Only for readers that never block there: the fan-out, and sink stages, which move a write that may
    /// block to the pool themselves.
    /// </summary>
    public bool Inline { get; init; }

    /// <summary>Back-pressure, for recording sinks.</summary>
    public static ChannelSettings Recording { get; } = new(16, BoundedChannelFullMode.Wait);

    /// <summary>Freshest frames only, for live views.</summary>
    public static ChannelSettings Live { get; } = new(2, BoundedChannelFullMode.DropOldest);

    /// <summary>Between processing stages: short, with back-pressure.</summary>
    public static ChannelSettings Internal { get; } = new(2, BoundedChannelFullMode.Wait);

    /// <summary>Into the fan-out: short, with back-pressure, read on the writer's thread.</summary>
    public static ChannelSettings FanOut { get; } = Internal with { Inline = true };
}
