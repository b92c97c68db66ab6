using System.Threading.Channels;
using Capture.Core.Frames;

namespace Capture.Pipeline.Stages;

/// <summary>Hands each frame to every sink's channel by reference (no copy), honouring each channel's full policy.</summary>
/// <remarks>
/// A <c>Wait</c> channel (recording) that is full holds the fan-out back, which is the back-pressure recording asks
/// for; a drop channel (live view) never does. A sink whose channel was closed no longer receives frames.
/// </remarks>
public sealed class FanOutStage(ChannelReader<VideoFrame> input, IReadOnlyList<ChannelWriter<VideoFrame>> outputs, StageMetrics metrics)
{
    /// <summary>This stage's counters.</summary>
    public StageMetrics Metrics => metrics;

    /// <summary>Fans out until the input completes (then completes every output) or until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (input.TryRead(out var frame))
                {
                    metrics.In();
                    using (frame)
                    {
                        for (int i = 0; i < outputs.Count; i++)
                        {
                            await OfferAsync(outputs[i], frame, cancellationToken).ConfigureAwait(false);
                        }

                        metrics.Out(frame);
                    }
                }
            }
        }
        finally
        {
            foreach (var output in outputs)
            {
                output.TryComplete();
            }

            FrameChannel.Drain(input);
        }
    }

    private static async ValueTask OfferAsync(ChannelWriter<VideoFrame> output, VideoFrame frame, CancellationToken cancellationToken)
    {
        frame.AddRef();
        if (output.TryWrite(frame))
        {
            return;
        }

        try
        {
            await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            frame.Dispose();
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }
}
