using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Pipeline.Stages.Processors;

namespace Capture.Pipeline.Stages;

/// <summary>Runs one <see cref="IFrameProcessor"/> on its own loop between two channels.</summary>
/// <remarks>A frame the processor throws on is dropped and counted; the loop goes on with the next one.</remarks>
public sealed class ProcessorStage(ChannelReader<VideoFrame> input, ChannelWriter<VideoFrame> output, IFrameProcessor processor, StageMetrics metrics, StageFault? fault = null)
{
    /// <summary>This stage's counters.</summary>
    public StageMetrics Metrics => metrics;

    /// <summary>Processes until the input completes (then completes the output) or until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (input.TryRead(out var frame))
                {
                    metrics.In();
                    if (Transform(frame) is not { } result)
                    {
                        continue;
                    }

                    try
                    {
                        await output.WriteAsync(result, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        result.Dispose();
                        throw;
                    }

                    metrics.Out(result);
                }
            }
        }
        finally
        {
            output.TryComplete();
            FrameChannel.Drain(input);
        }
    }

    private VideoFrame? Transform(VideoFrame frame)
    {
        VideoFrame result;
        try
        {
            result = processor.Process(frame);
        }
        catch (Exception e)
        {
            frame.Dispose();
            metrics.Drop(DropReason.ProcessingFailed);
            if (metrics.Error())
            {
                fault?.Invoke(processor.Name, e);
            }

            return null;
        }

        if (!ReferenceEquals(result, frame))
        {
            frame.Dispose();
        }

        return result;
    }
}
