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
    /// <summary>Back-pressure, for recording sinks.</summary>
    public static ChannelSettings Recording { get; } = new(16, BoundedChannelFullMode.Wait);

    /// <summary>Freshest frames only, for live views.</summary>
    public static ChannelSettings Live { get; } = new(2, BoundedChannelFullMode.DropOldest);

    /// <summary>Between processing stages: short, with back-pressure.</summary>
    public static ChannelSettings Internal { get; } = new(2, BoundedChannelFullMode.Wait);
}
