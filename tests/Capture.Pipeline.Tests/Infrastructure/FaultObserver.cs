using Capture.Core.Drivers;
using Capture.Core.Frames;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>A driver's observer that tells when the first frame arrived and what fault ended the stream.</summary>
internal sealed class FaultObserver : ICameraObserver
{
    public TaskCompletionSource Frames { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<Exception> Fault { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnFrame(VideoFrame frame)
    {
        frame.Dispose();
        Frames.TrySetResult();
    }

    public void OnMuted(bool muted)
    {
    }

    public void OnFault(Exception error) => Fault.TrySetResult(error);
}
