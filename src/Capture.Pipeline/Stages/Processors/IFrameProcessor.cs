using Capture.Core.Frames;

namespace Capture.Pipeline.Stages.Processors;

/// <summary>One transformation of frames (overlay, resize, encode…), run by a <see cref="ProcessorStage"/>.</summary>
/// <remarks>
/// <see cref="Process"/> never disposes its input: it returns the input itself (nothing to do, e.g. a JPEG frame
/// reaching a JPEG encoder) or a new frame rented from its own pool, and the stage then disposes the input.
/// Input frames may be shared with other readers, so a processor never writes into them.
/// </remarks>
public interface IFrameProcessor
{
    /// <summary>The stage name in metrics and logs.</summary>
    string Name { get; }

    /// <summary>Transforms one frame.</summary>
    VideoFrame Process(VideoFrame frame);
}
