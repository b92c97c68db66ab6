using System.Buffers;
using System.Diagnostics;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Core.Video;
using Capture.Drivers.Ffmpeg;
using Capture.Drivers.Mjpeg;

namespace Capture.Drivers;

/// <summary>A camera whose frames arrive as a stream: JPEG parts (an HTTP MJPEG camera, ffmpeg's <c>mpjpeg</c> output) or the H.264/H.265 access units of ffmpeg's stream copy.</summary>
/// <remarks>
/// Frames stay as they arrive (decoded only if a stage needs pixels). The stream has no controls, so the
/// capabilities are what it delivers: its frame size (learned from the first frame) and rate. A photo of a JPEG
/// stream is the next frame; of an H.264/H.265 stream, the newest picture decoded from the frames since the latest
/// keyframe (held by reference, decoded only when a photo is asked for). When the stream ends or stalls past the
/// read timeout, the fault signal fires and the rig reconnects.
/// </remarks>
public abstract class StreamCameraDriver : ICameraDriver, ILatestPictureSource
{
    private readonly FramePool _pool = new(maxRetained: 128); // an encoded stream's group of pictures and fragment in flight are held by reference
    private readonly FramePool _pictures = new(maxRetained: 2);
    private readonly GroupOfPictures _group = new();
    private readonly TimeSpan _readTimeout;
    private readonly double? _frameRate;
    private CancellationTokenSource? _running;
    private Task _loop = Task.CompletedTask;
    private TaskCompletionSource<Photo>? _photo;
    private long _sequence;

    /// <summary>Creates the driver.</summary>
    /// <param name="descriptor">Who the camera is.</param>
    /// <param name="readTimeout">How long a frame may take before the stream counts as lost.</param>
    /// <param name="frameRate">The stream's nominal rate, when known (it sets the stall timeout).</param>
    protected StreamCameraDriver(CameraDescriptor descriptor, TimeSpan readTimeout, double? frameRate)
    {
        Descriptor = descriptor;
        _readTimeout = readTimeout;
        _frameRate = frameRate;
        Profile = ProfileFor(0, 0);
    }

    /// <inheritdoc />
    public CameraDescriptor Descriptor { get; }

    /// <inheritdoc />
    public CameraProfile Profile { get; private set; }

    /// <summary>The pool frames come from (tests check it for leaks).</summary>
    public FramePool Pool => _pool;

    /// <inheritdoc />
    public async Task<MediaTrackSettings> OpenAsync(MediaTrackSettings settings, ICameraObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observer);
        await CloseAsync(cancellationToken).ConfigureAwait(false);
        var running = new CancellationTokenSource();
        var readTimeout = new ReadWatchdog(_readTimeout, running.Token);
        var opened = new TaskCompletionSource<VideoFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The stream's own thread from its first read on: ffmpeg's pipe, once read asynchronously, stays non-blocking,
        // and each later blocking read then waits on a socket-engine thread (two wake-ups per frame instead of one).
        // An asynchronous source (an HTTP camera) moves to the pool at its first wait.
        var loop = Task.Factory.StartNew(() => ReadStreamAsync(opened, observer, readTimeout, running.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        try
        {
            var first = await opened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            Profile = ProfileFor(first.Width, first.Height);
            _running = running;
            _loop = loop;
            return Profile.Settings with { DeviceId = Descriptor.DeviceId, GroupId = Descriptor.EffectiveGroupId };
        }
        catch (Exception e)
        {
            string why = Explain(e); // before the disconnect, which forgets what the source said
            await running.CancelAsync().ConfigureAwait(false); // ends a read in progress (a blocking one by killing ffmpeg)
            await DisconnectAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            running.Dispose();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new IOException($"{Describe()} could not be opened: {why}", e);
        }
    }

    /// <inheritdoc />
    public Task<MediaTrackSettings> ApplySettingsAsync(MediaTrackSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(settings); // the stream has no controls; the constraints solver already kept settings within its fixed capabilities

    /// <inheritdoc />
    public async Task<Photo> TakePhotoAsync(PhotoSettings settings, CancellationToken cancellationToken)
    {
        if (!_group.IsEmpty)
        {
            using var picture = await DecodeLatestAsync(cancellationToken).ConfigureAwait(false);
            var jpeg = new ArrayBufferWriter<byte>(picture.Length / 4);
            ImageEncoders.Jpeg.Encode(ImageView.Of(picture), 92, jpeg);
            return new Photo(jpeg.WrittenMemory, "image/jpeg", picture.Info.UtcTime);
        }

        var photo = new TaskCompletionSource<Photo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _photo, photo);
        // Twice the read timeout: a stream that sends nothing faults first, which cancels the photo (OperationError); this bounds a stream of corrupt parts.
        return await photo.Task.WaitAsync(2 * _readTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<VideoFrame> DecodeLatestAsync(CancellationToken cancellationToken)
    {
        var group = _group.Snapshot();
        try
        {
            return await FfmpegVideoDecoder.DecodeLastAsync(group, _pictures, cancellationToken, Ffmpeg).WaitAsync(_readTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var frame in group)
            {
                frame.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        var running = Interlocked.Exchange(ref _running, null);
        if (running is null)
        {
            return;
        }

        await running.CancelAsync().ConfigureAwait(false);
        await DisconnectAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        running.Dispose();
        _group.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync(CancellationToken.None).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Connects and returns the multipart stream and its boundary (when the source declares one); a driver whose frames are not a multipart stream opens them its own way instead.</summary>
    protected virtual Task<(Stream Stream, string? Boundary)> ConnectAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} reads no multipart stream.");

    /// <summary>Where JPEG parts come from: by default the multipart stream <see cref="ConnectAsync"/> opens.</summary>
    private protected virtual async Task<IFrameSource> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var (stream, boundary) = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new MultipartJpegReader(stream, boundary);
    }

    /// <summary>The ffmpeg executable that decodes photos of an H.264/H.265 stream.</summary>
    protected virtual string Ffmpeg => "ffmpeg";

    /// <summary>Releases the connection (closes the response, kills the process).</summary>
    protected abstract ValueTask DisconnectAsync();

    /// <summary>The camera in words for errors, with no credentials in it.</summary>
    protected abstract string Describe();

    /// <summary>Why the stream failed, in words (a subclass may add what its process said).</summary>
    protected virtual string Explain(Exception error) => error.Message;

    /// <summary>Opens the stream, hands its first valid frame to <paramref name="opened"/> (or why it failed), then delivers every frame until the stream ends or is closed.</summary>
    private async Task ReadStreamAsync(TaskCompletionSource<VideoFrame> opened, ICameraObserver observer, ReadWatchdog readTimeout, CancellationToken cancellationToken)
    {
        using var timeout = readTimeout;
        VideoFrame first;
        IFrameSource reader;
        try
        {
            reader = await OpenWithinTimeoutAsync(timeout, cancellationToken).ConfigureAwait(false);
            first = await FirstValidAsync(reader, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            opened.TrySetException(e);
            return;
        }

        opened.TrySetResult(first);
        try
        {
            Deliver(first, observer);
            while (await NextAsync(reader, timeout, cancellationToken).ConfigureAwait(false) is { } frame)
            {
                Deliver(frame, observer);
            }

            observer.OnFault(new EndOfStreamException($"{Describe()} closed the stream: {Explain(new EndOfStreamException("end of stream"))}"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed.
        }
        catch (Exception e)
        {
            observer.OnFault(new IOException($"{Describe()} failed: {Explain(e)}", e));
        }
    }

    /// <summary>Connects within the read timeout, which <paramref name="timeout"/> watches (a blocking read sees no timer of its own).</summary>
    private async Task<IFrameSource> OpenWithinTimeoutAsync(ReadWatchdog timeout, CancellationToken cancellationToken)
    {
        timeout.Reading();
        try
        {
            return await OpenReaderAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"not opened within {_readTimeout.TotalSeconds:0.###} s");
        }
        finally
        {
            timeout.Idle();
        }
    }

    /// <summary>The first part whose size can be read: the camera's size comes from it, never from a corrupt part.</summary>
    private async Task<VideoFrame> FirstValidAsync(IFrameSource reader, ReadWatchdog timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_readTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var frame = await NextAsync(reader, timeout, cancellationToken).ConfigureAwait(false) ?? throw new EndOfStreamException($"{Describe()} ended before its first frame.");
            if (frame.Width > 0 && frame.Height > 0)
            {
                return frame;
            }

            frame.Dispose();
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidDataException($"no valid frame within {_readTimeout.TotalSeconds:0.###} s, only corrupt ones");
            }
        }
    }

    /// <summary>Reads the next part within the read timeout, which <paramref name="timeout"/> (linked to the open) watches.</summary>
    private async Task<VideoFrame?> NextAsync(IFrameSource reader, ReadWatchdog timeout, CancellationToken cancellationToken)
    {
        timeout.Reading();
        try
        {
            var info = new VideoFrameInfo(Descriptor.DeviceId, _sequence, 0, 0, 0, VideoPixelFormat.Jpeg, null, 0, default);
            var frame = await reader.ReadAsync(_pool, info, timeout.Token).ConfigureAwait(false);
            if (frame is null)
            {
                return null;
            }

            // Stamped when the last byte arrived: the closest the host gets to the capture of a network frame.
            var size = frame.Format == VideoPixelFormat.Jpeg ? JpegInfo.Read(frame.Data) ?? (0, 0) : (frame.Width, frame.Height);
            frame.Reset(frame.Info with { Sequence = Interlocked.Increment(ref _sequence) - 1, Width = size.Width, Height = size.Height, HostTimestamp = Stopwatch.GetTimestamp(), UtcTime = DateTime.UtcNow }, frame.Length);
            return frame;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no frame within {_readTimeout.TotalSeconds:0.###} s");
        }
        finally
        {
            timeout.Idle();
        }
    }

    private void Deliver(VideoFrame frame, ICameraObserver observer)
    {
        _group.Add(frame);
        // A corrupt part (no size) leaves a waiting photo for the next good one.
        if (frame.Format == VideoPixelFormat.Jpeg && frame.Width > 0 && Interlocked.Exchange(ref _photo, null) is { } photo)
        {
            photo.TrySetResult(new Photo(frame.Data.ToArray(), "image/jpeg", frame.Info.UtcTime));
        }

        observer.OnFrame(frame);
    }

    private CameraProfile ProfileFor(int width, int height)
    {
        double rate = _frameRate ?? 30;
        bool known = width > 0 && height > 0;
        return new CameraProfile
        {
            Capabilities = new MediaTrackCapabilities
            {
                Width = known ? new MediaSettingsRange(width, width, 1) : null,
                Height = known ? new MediaSettingsRange(height, height, 1) : null,
                FrameRate = new MediaSettingsRange(0, rate),
                ResizeMode = ["none"],
            },
            Settings = new MediaTrackSettings
            {
                Width = known ? width : null,
                Height = known ? height : null,
                AspectRatio = known ? Math.Round((double)width / height, 10) : null,
                FrameRate = rate,
                ResizeMode = "none",
            },
            PhotoCapabilities = known
                ? new PhotoCapabilities { RedEyeReduction = RedEyeReduction.Never, ImageWidth = new MediaSettingsRange(width, width, 1), ImageHeight = new MediaSettingsRange(height, height, 1), FillLightMode = [FillLightMode.Off] }
                : null,
            PhotoSettings = new PhotoSettings { ImageWidth = known ? width : null, ImageHeight = known ? height : null, FillLightMode = FillLightMode.Off, RedEyeReduction = false },
        };
    }
}
