using System.Threading.Channels;
using Capture.Core.Frames;

namespace Capture.Pipeline.Stages;

/// <summary>Creates every channel of the data plane, so each has an explicit full policy and no drop goes uncounted.</summary>
public static class FrameChannel
{
    /// <summary>A bounded, single-reader, single-writer channel whose drops are counted on <paramref name="metrics"/> and disposed.</summary>
    public static Channel<VideoFrame> Create(ChannelSettings settings, StageMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(metrics);
        return Channel.CreateBounded<VideoFrame>(
            new BoundedChannelOptions(settings.Capacity) { FullMode = settings.FullMode, SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = settings.Inline },
            itemDropped: frame =>
            {
                metrics.Drop(DropReason.QueueFull);
                frame.Dispose();
            });
    }

    /// <summary>Disposes every frame still queued (after an abort), so nothing leaks from the pool.</summary>
    public static void Drain(ChannelReader<VideoFrame> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }
}
