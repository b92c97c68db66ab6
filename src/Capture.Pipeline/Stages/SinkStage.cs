using System.Threading.Channels;
using Capture.Core.Frames;

namespace Capture.Pipeline.Stages;

/// <summary>Feeds one <see cref="IFrameSink"/> from its channel on its own loop, and completes the sink (closing its files) at the end.</summary>
/// <remarks>
/// A frame the sink throws on is dropped and counted as <see cref="DropReason.SinkFailed"/>, and the loop goes on, so a
/// failing sink keeps draining its channel and never holds back the fan-out or the other sinks. A write that touches
/// only memory (<see cref="IFrameSink.WritesInMemory"/>: a frame joining an MP4 fragment, a live view's reference) runs
/// on the thread that delivered the frame, saving a thread-pool wake-up per frame; any other write runs on the pool,
/// so a stalled disk fills only this sink's queue, whose full policy counts what it drops.
/// </remarks>
public sealed class SinkStage(ChannelReader<VideoFrame> input, IFrameSink sink, StageMetrics metrics, StageFault? fault = null)
{
    /// <summary>This sink's counters.</summary>
    public StageMetrics Metrics => metrics;

    /// <summary>The sink.</summary>
    public IFrameSink Sink => sink;

    /// <summary>Writes until the input completes or until cancelled, then completes the sink.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // The queue is read inline: a frame that arrives while this loop waits resumes it on the writer's thread.
                var waiting = input.WaitToReadAsync(cancellationToken);
                bool onWritersThread = !waiting.IsCompleted;
                if (!await waiting.ConfigureAwait(false))
                {
                    break;
                }

                while (input.TryRead(out var frame))
                {
                    metrics.In();
                    using (frame)
                    {
                        if (onWritersThread && !sink.WritesInMemory(frame))
                        {
                            await Task.Yield(); // to the thread pool: a write that may block must not hold up the writer
                            onWritersThread = false;
                        }

                        var writing = WriteAsync(frame, cancellationToken);
                        onWritersThread &= writing.IsCompleted;
                        await writing.ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            FrameChannel.Drain(input);
            try
            {
                await sink.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }
    }

    private async ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await sink.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            metrics.Out(frame);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.Drop(DropReason.SinkFailed);
            Fail(e);
        }
    }

    private void Fail(Exception e)
    {
        if (metrics.Error())
        {
            fault?.Invoke(metrics.Stage, e);
        }
    }
}
