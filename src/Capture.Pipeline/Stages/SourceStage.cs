using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Core.Media;

namespace Capture.Pipeline.Stages;

/// <summary>The first stage: reads the camera's current track and feeds the pipeline, across track replacements.</summary>
/// <remarks>
/// A reconnecting camera gets a new track; <see cref="Attach"/> switches to it while the rest of the pipeline (and
/// its open files) keeps running. The capture side never waits: the track's reader drops its oldest frames when the
/// pipeline falls behind, and those drops are counted here as <see cref="DropReason.QueueFull"/>. An H.264/H.265
/// stream enters the pipeline at a keyframe: the frames of a new stream session before its first keyframe could not
/// be decoded by anyone downstream, and are counted as <see cref="DropReason.Decimated"/>. The stage only hands frames
/// on, so it reads on the capture thread (no thread-pool wake-up per frame); its own output's back-pressure never
/// reaches the camera, as the track's buffer drops instead.
/// </remarks>
public sealed class SourceStage : IDisposable
{
    private readonly Channel<MediaStreamTrackProcessor> _tracks = Channel.CreateUnbounded<MediaStreamTrackProcessor>();
    private readonly CancellationTokenSource _stop = new();
    private readonly ChannelWriter<VideoFrame> _output;
    private readonly ChannelSettings _input;
    private Core.Video.EncodedVideoStream? _started;

    /// <summary>Creates the stage writing to <paramref name="output"/>; each track is read through a buffer of <paramref name="input"/>.</summary>
    public SourceStage(ChannelWriter<VideoFrame> output, ChannelSettings input, StageMetrics metrics)
    {
        _output = output;
        _input = input;
        Metrics = metrics;
    }

    /// <summary>This stage's counters.</summary>
    public StageMetrics Metrics { get; }

    /// <summary>Starts reading <paramref name="track"/> (the previous track has ended or is left).</summary>
    /// <remarks>
    /// The track's reader is created here, not when the loop gets to it: the camera delivers from the moment it opens,
    /// and a frame delivered to a track nobody reads yet is gone, though the camera counts it as delivered.
    /// </remarks>
    public void Attach(MediaStreamTrack track)
    {
        var reader = new MediaStreamTrackProcessor(track, _input.Capacity, BoundedChannelFullMode.DropOldest, readOnCaptureThread: true);
        if (!_tracks.Writer.TryWrite(reader))
        {
            reader.Dispose(); // completed: the stage reads no more tracks
        }
    }

    /// <summary>Stops reading tracks; frames already in the pipeline drain on.</summary>
    public void Complete()
    {
        _tracks.Writer.TryComplete();
        _stop.Cancel();
    }

    /// <summary>Runs until <see cref="Complete"/> and the last track ends, or until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        try
        {
            while (await _tracks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_tracks.Reader.TryRead(out var track))
                {
                    using (track)
                    {
                        await ReadTrackAsync(track, reading.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped: what is already in the pipeline drains on.
        }
        finally
        {
            _tracks.Writer.TryComplete(); // a later Attach disposes its own reader
            while (_tracks.Reader.TryRead(out var unread))
            {
                unread.Dispose();
            }

            _output.TryComplete();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    private async Task ReadTrackAsync(MediaStreamTrackProcessor reader, CancellationToken cancellationToken)
    {
        long dropped = 0;
        var frames = reader.Readable;
        while (await frames.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (frames.TryRead(out var frame))
            {
                Metrics.In();
                if (reader.DroppedFrames != dropped)
                {
                    Metrics.Drop(DropReason.QueueFull, reader.DroppedFrames - dropped);
                    dropped = reader.DroppedFrames;
                }

                if (frame.Info.IsEncodedVideo && !ReferenceEquals(frame.Info.Stream, _started))
                {
                    if (!frame.Info.IsKeyFrame)
                    {
                        Metrics.Drop(DropReason.Decimated);
                        frame.Dispose();
                        continue;
                    }

                    _started = frame.Info.Stream;
                }

                try
                {
                    await _output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    frame.Dispose();
                    throw;
                }

                Metrics.Out(frame);
            }

            // A newer track replaces this one; stop reading the old one.
            if (_tracks.Reader.Count > 0)
            {
                return;
            }
        }
    }
}
