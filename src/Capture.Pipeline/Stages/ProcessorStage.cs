using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Pipeline.Stages.Processors;

namespace Capture.Pipeline.Stages;

/// <summary>Runs consecutive <see cref="IFrameProcessor"/>s on one loop between two channels, each frame through all of them in turn.</summary>
/// <remarks>
/// One loop for the chain, not one per processor: a frame goes from the overlay to the encoder while it is still in
/// the processor's cache, with no queue and no thread-pool wake-up in between (docs/decisions.md, "A camera's
/// processors on one loop"). Each processor keeps its own counters. A frame a processor throws on is dropped and
/// counted against that processor; the loop goes on with the next frame.
/// </remarks>
public sealed class ProcessorStage
{
    private readonly ChannelReader<VideoFrame> _input;
    private readonly ChannelWriter<VideoFrame> _output;
    private readonly IFrameProcessor[] _processors;
    private readonly StageMetrics[] _metrics;
    private readonly StageFault? _fault;

    /// <summary>Creates the loop of <paramref name="processors"/>, in order, each counted in the <paramref name="metrics"/> of the same index.</summary>
    public ProcessorStage(ChannelReader<VideoFrame> input, ChannelWriter<VideoFrame> output, IReadOnlyList<IFrameProcessor> processors, IReadOnlyList<StageMetrics> metrics, StageFault? fault = null)
    {
        ArgumentNullException.ThrowIfNull(processors);
        ArgumentNullException.ThrowIfNull(metrics);
        if (processors.Count == 0 || processors.Count != metrics.Count)
        {
            throw new ArgumentException("A processor stage has at least one processor, and one set of counters for each.", nameof(metrics));
        }

        (_input, _output, _processors, _metrics, _fault) = (input, output, [.. processors], [.. metrics], fault);
    }

    /// <summary>Processes until the input completes (then completes the output) or until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_input.TryRead(out var frame))
                {
                    if (Transform(frame) is not { } result)
                    {
                        continue;
                    }

                    try
                    {
                        await _output.WriteAsync(result, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        result.Dispose();
                        throw;
                    }

                    _metrics[^1].Out(result);
                }
            }
        }
        finally
        {
            _output.TryComplete();
            FrameChannel.Drain(_input);
        }
    }

    /// <summary>The frame through every processor; null when one of them failed on it (dropped and counted).</summary>
    private VideoFrame? Transform(VideoFrame frame)
    {
        for (int i = 0; i < _processors.Length; i++)
        {
            var metrics = _metrics[i];
            metrics.In();
            VideoFrame result;
            try
            {
                result = _processors[i].Process(frame);
            }
            catch (Exception e)
            {
                frame.Dispose();
                metrics.Drop(DropReason.ProcessingFailed);
                if (metrics.Error())
                {
                    _fault?.Invoke(_processors[i].Name, e);
                }

                return null;
            }

            if (!ReferenceEquals(result, frame))
            {
                frame.Dispose();
            }

            if (i < _processors.Length - 1)
            {
                metrics.Out(result);
            }

            frame = result;
        }

        return frame;
    }
}
