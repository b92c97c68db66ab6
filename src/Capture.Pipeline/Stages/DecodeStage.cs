using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Video;
using Capture.Drivers.Ffmpeg;
using Capture.Pipeline.Stages.Processors;

namespace Capture.Pipeline.Stages;

/// <summary>Turns encoded (and grey) frames into BGRA pixels for the pixel stages after it, at the rate it is asked for; raw frames pass through.</summary>
/// <remarks>
/// JPEG is decoded here with libturbojpeg. H.264/H.265 go to one ffmpeg decoder child per stream session, fed the
/// frames already received (never a second connection to the camera); it decodes every frame, as P-frames need,
/// and returns only those at least 1/<c>frame-rate</c> apart, each matched back to the frame it came from by its
/// presentation time so that sequence numbers and capture times stay the camera's. Frames not passed on because of
/// the rate, or before the first keyframe, are counted as <see cref="DropReason.Decimated"/>. The decoder is renewed
/// at the first keyframe after <see cref="RenewAfter"/>: ffmpeg's MP4 reader indexes every fragment it reads, so a
/// decoder fed for days grows without bound (about 14 MB an hour at 30 fps).
/// </remarks>
internal sealed class DecodeStage : IFrameStage, IDisposable
{
    /// <summary>How long one decoder child is fed before the next keyframe starts a new one: about 2 MB of its index, one ffmpeg start (tens of ms) per camera every ten minutes.</summary>
    public static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(10);

    private readonly double? _frameRate;
    private readonly TimeSpan _renewAfter;
    private readonly bool _videoOnly;
    private readonly string _ffmpeg;
    private readonly FramePool _pool = new(maxRetained: 8);
    private readonly JpegDecoder _jpeg = new();
    private readonly ConvertProcessor _grey = new(VideoPixelFormat.Bgra32);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private DateTime _nextDue = DateTime.MinValue; // none yet

    /// <summary>Creates the stage.</summary>
    /// <param name="frameRate">At most this many frames a second come out; every frame when null.</param>
    /// <param name="videoOnly">Decode only H.264/H.265 and let JPEG and PNG pass (for image sinks, which store JPEG as it is).</param>
    /// <param name="ffmpeg">The ffmpeg executable for H.264/H.265.</param>
    /// <param name="renewAfter">How long a decoder child is fed, in the frames' capture time, before the next keyframe starts a new one (<see cref="RenewAfter"/> when null).</param>
    public DecodeStage(double? frameRate = null, bool videoOnly = false, string ffmpeg = "ffmpeg", TimeSpan? renewAfter = null)
    {
        if (frameRate is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The decode rate must be a positive number of frames a second.");
        }

        _frameRate = frameRate;
        _videoOnly = videoOnly;
        _ffmpeg = ffmpeg;
        _renewAfter = renewAfter ?? RenewAfter;
    }

    /// <inheritdoc />
    public string Name => "decode";

    /// <summary>The pool decoded frames come from (tests check it for leaks).</summary>
    public FramePool Pool => _pool;

    /// <summary>How many decoder children this stage has started.</summary>
    public int DecodersStarted { get; private set; }

    /// <inheritdoc />
    public async Task RunAsync(ChannelReader<VideoFrame> input, ChannelWriter<VideoFrame> output, StageMetrics metrics, StageFault? fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(metrics);
        Session? session = null;
        try
        {
            while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (input.TryRead(out var frame))
                {
                    metrics.In();
                    if (frame.Info.IsEncodedVideo)
                    {
                        session = await FeedAsync(session, frame, output, metrics, fault, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    using (frame)
                    {
                        if (Decode(frame, metrics, fault) is { } result)
                        {
                            await WriteAsync(output, result, metrics, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.FinishAsync().ConfigureAwait(false);
            }

            output.TryComplete();
            FrameChannel.Drain(input);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _jpeg.Dispose();
        _writing.Dispose();
    }

    /// <summary>JPEG/PNG and raw frames, at the stage's rate: decoded here, or passed as they are.</summary>
    private VideoFrame? Decode(VideoFrame frame, StageMetrics metrics, StageFault? fault)
    {
        bool image = frame.Format is VideoPixelFormat.Jpeg or VideoPixelFormat.Png;
        if (image && _videoOnly)
        {
            return frame.AddRef();
        }

        if (!Due(frame.Info.UtcTime))
        {
            metrics.Drop(DropReason.Decimated);
            return null;
        }

        if (frame.Format is VideoPixelFormat.Gray8 or VideoPixelFormat.Gray16 || frame.Format.IsBayer())
        {
            return _grey.Process(frame); // a machine-vision camera's grey or Bayer frames, in colour for the pixel stages after it
        }

        if (!image)
        {
            return frame.AddRef();
        }

        try
        {
            return frame.Format == VideoPixelFormat.Jpeg ? _jpeg.Decode(frame, _pool) : throw new NotSupportedException("decode reads JPEG, H.264 and H.265; PNG frames are not decoded.");
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            metrics.Drop(DropReason.Corrupt);
            if (metrics.Error())
            {
                fault?.Invoke(Name, e);
            }

            return null;
        }
    }

    /// <summary>Whether a frame captured at <paramref name="utc"/> is due at the stage's rate.</summary>
    /// <remarks>
    /// Frames are due on a schedule (every 1/rate from the first), not 1/rate after the last one passed: a camera whose
    /// capture times jitter (a synthetic camera's timer, a USB camera's) would otherwise miss a slot whenever a frame
    /// came a little early, and run at 4.5 frames a second instead of 5. A millisecond of slack, so that a 30 fps
    /// camera's 200 ms steps count as due for 5 fps; a capture time far before the schedule (the clock went back)
    /// starts it again.
    /// </remarks>
    private bool Due(DateTime utc)
    {
        if (_frameRate is not { } rate)
        {
            return true;
        }

        var interval = TimeSpan.FromSeconds(1 / rate);
        bool clockWentBack = _nextDue == DateTime.MinValue || utc < _nextDue - (2 * interval); // also: the first frame
        if (!clockWentBack && utc < _nextDue - TimeSpan.FromMilliseconds(1))
        {
            return false;
        }

        // Keep to the schedule unless a whole interval behind it (a pause, a slow source): then start it from here.
        _nextDue = !clockWentBack && utc - _nextDue < interval ? _nextDue + interval : utc + interval;
        return true;
    }

    private async Task<Session?> FeedAsync(Session? session, VideoFrame frame, ChannelWriter<VideoFrame> output, StageMetrics metrics, StageFault? fault, CancellationToken cancellationToken)
    {
        using (frame)
        {
            bool renew = frame.Info.IsKeyFrame && frame.Info.UtcTime - session?.Started >= _renewAfter;
            if (session is not null && (renew || !ReferenceEquals(session.Stream, frame.Info.Stream)))
            {
                await session.FinishAsync().ConfigureAwait(false); // a new stream session (reconnect), or a decoder fed long enough: a new decoder
                session = null;
            }

            if (session is null)
            {
                if (!frame.Info.IsKeyFrame)
                {
                    metrics.Drop(DropReason.Decimated);
                    return null;
                }

                session = new Session(this, frame.Info.Stream!, frame.Info.UtcTime, output, metrics, fault, cancellationToken);
                DecodersStarted++;
            }

            if (!await session.WriteAsync(frame, cancellationToken).ConfigureAwait(false))
            {
                await session.FinishAsync().ConfigureAwait(false);
                return null;
            }

            return session;
        }
    }

    private async Task WriteAsync(ChannelWriter<VideoFrame> output, VideoFrame frame, StageMetrics metrics, CancellationToken cancellationToken)
    {
        // Two loops write here (this one, and a decoder session's reader); the channel takes one writer at a time.
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            metrics.Out(frame);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>One ffmpeg decoder for one stream session: frames in on one side, pixels out on the other, matched by presentation time.</summary>
    private sealed class Session
    {
        private readonly DecodeStage _stage;
        private readonly FfmpegVideoDecoder _decoder;
        private readonly Queue<(long Presentation, VideoFrameInfo Info)> _fed = new();
        private readonly StageMetrics _metrics;
        private readonly StageFault? _fault;
        private readonly Task _reading;
        private long _origin = -1;
        private bool _failed;

        public Session(DecodeStage stage, EncodedVideoStream stream, DateTime started, ChannelWriter<VideoFrame> output, StageMetrics metrics, StageFault? fault, CancellationToken cancellationToken)
        {
            _stage = stage;
            Stream = stream;
            Started = started;
            _metrics = metrics;
            _fault = fault;
            _decoder = FfmpegVideoDecoder.Start(stream, stage._frameRate, stage._ffmpeg);
            // Its own thread, reading the decoder's pipe with blocking reads: a 720p picture is 3.7 MB, dozens of pipe
            // reads, each of which would otherwise cost a socket-engine and a thread-pool wake-up.
            _reading = Task.Factory.StartNew(() => ReadAsync(output, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        public EncodedVideoStream Stream { get; }

        /// <summary>The capture time of its first frame.</summary>
        public DateTime Started { get; }

        /// <summary>Feeds a frame; false when the decoder has failed (its frames were counted).</summary>
        public async Task<bool> WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
        {
            var info = frame.Info;
            if (_origin < 0)
            {
                _origin = info.DecodeTime;
            }

            lock (_fed)
            {
                _fed.Enqueue((info.DecodeTime - _origin + info.CompositionOffset, info));
            }

            try
            {
                await _decoder.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                return !_failed;
            }
            catch (IOException e)
            {
                Fail(new IOException(_decoder.Explain($"the H.264/H.265 decoder stopped: {e.Message}"), e));
                return false;
            }
        }

        public async Task FinishAsync()
        {
            _decoder.Complete();
            await _reading.ConfigureAwait(false);
            await _decoder.DisposeAsync().ConfigureAwait(false);
            lock (_fed)
            {
                if (_fed.Count > 0)
                {
                    _metrics.Drop(_failed ? DropReason.ProcessingFailed : DropReason.Decimated, _fed.Count);
                    _fed.Clear();
                }
            }
        }

        private async Task ReadAsync(ChannelWriter<VideoFrame> output, CancellationToken cancellationToken)
        {
            long first = -1;
            try
            {
                while (await _decoder.ReadAsync(_stage._pool, cancellationToken).ConfigureAwait(false) is { } picture)
                {
                    if (first < 0)
                    {
                        first = picture.Info.DecodeTime;
                    }

                    var info = Match(picture.Info.DecodeTime - first);
                    picture.Reset(info with { Format = VideoPixelFormat.Bgra32, Stride = picture.Info.Stride, Width = picture.Width, Height = picture.Height, Stream = null, IsKeyFrame = false, DecodeTime = 0, CompositionOffset = 0 }, picture.Length);
                    await _stage.WriteAsync(output, picture, _metrics, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
            {
                Fail(new IOException(_decoder.Explain($"the H.264/H.265 decoder failed: {e.Message}"), e));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Aborted.
            }
        }

        /// <summary>The frame a picture came from: fed frames before it were left out by the rate.</summary>
        private VideoFrameInfo Match(long presentation)
        {
            lock (_fed)
            {
                VideoFrameInfo? match = null;
                int skipped = 0;
                while (_fed.TryPeek(out var fed) && fed.Presentation <= presentation)
                {
                    _fed.Dequeue();
                    if (match is not null)
                    {
                        skipped++;
                    }

                    match = fed.Info;
                }

                if (skipped > 0)
                {
                    _metrics.Drop(DropReason.Decimated, skipped);
                }

                return match ?? (_fed.TryDequeue(out var next) ? next.Info : default);
            }
        }

        private void Fail(Exception error)
        {
            _failed = true;
            if (_metrics.Error())
            {
                _fault?.Invoke(_stage.Name, error);
            }
        }
    }
}
