using System.Threading.Channels;
using Capture.Core.Frames;

namespace Capture.Pipeline.Stages;

/// <summary>A stage of a camera's pipeline with a loop of its own between two channels (a <see cref="DecodeStage"/>); plain per-frame work is an <see cref="Processors.IFrameProcessor"/> instead.</summary>
public interface IFrameStage
{
    /// <summary>The stage name in metrics and logs.</summary>
    string Name { get; }

    /// <summary>Runs until the input completes (then completes the output) or until cancelled, counting in <paramref name="metrics"/>.</summary>
    Task RunAsync(ChannelReader<VideoFrame> input, ChannelWriter<VideoFrame> output, StageMetrics metrics, StageFault? fault, CancellationToken cancellationToken);
}
