using System.Buffers;
using System.Diagnostics;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Drivers.GenICam;

/// <summary>
/// A machine-vision camera (GigE Vision, USB3 Vision) through Aravis (Debian <c>libaravis-0.8-0</c>): Mono8, Mono16 or 8-bit Bayer frames as
/// they leave the camera, each with the device's frame id as its sequence and the device's timestamp; its GenICam
/// features as W3C capabilities (<see cref="GenICamMapping"/>).
/// </summary>
/// <remarks>
/// With a trigger source (<c>Software</c> or <c>Line0</c>) the camera exposes one frame per trigger; in software mode
/// <see cref="TriggerAsync"/> fires it and answers the frame it exposed.
/// A buffer the stream could not complete (GigE packets lost) arrives empty: the media model counts it as discarded,
/// and the gap in frame ids shows it. A camera that stops answering is found by a feature read after a second
/// without buffers, and reported as lost so the rig reconnects with its back-off.
/// </remarks>
public sealed class GenICamDriver : ICameraDriver, ISoftwareTrigger, ISynchronisedStart, INamedFeatures
{
    private const int Buffers = 8;
    private const int PopTimeoutMilliseconds = 200;
    private static readonly TimeSpan s_probeAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_triggerTimeout = TimeSpan.FromSeconds(5);

    private readonly string _device;
    private readonly string? _triggerSource;
    private readonly VideoPixelFormat _format;
    private readonly string _pixelFormat;
    private readonly FramePool _pool = new(maxRetained: Buffers);
    private AravisCamera? _camera;
    private GenICamMapping? _mapping;
    private ICameraObserver? _observer;
    private CancellationTokenSource? _running;
    private Thread? _thread;
    private TaskCompletionSource<Photo>? _photo;
    private TaskCompletionSource<TriggeredFrame>? _triggered;
    private long _sequence = -1; // the track's frame numbers, across the stream restarts a resize makes
    private volatile bool _restarted; // acquisition started again on the same stream: the camera may number its frames afresh

    // Features by name, configured and written through the API: written again at every open (a camera that comes back
    // after an outage gets them back), in the order first given.
    private readonly OrderedDictionary<string, string> _features = new(StringComparer.Ordinal);

    /// <summary>Creates the driver for the camera named <paramref name="device"/> (its id, serial or address); nothing is opened until <see cref="OpenAsync"/>.</summary>
    /// <param name="descriptor">Who the camera is.</param>
    /// <param name="device">Its GenICam id, serial or address.</param>
    /// <param name="triggerSource">The GenICam <c>TriggerSource</c> that exposes each frame (<c>Software</c>, <c>Line0</c>), or null to run free.</param>
    /// <param name="format"><see cref="VideoPixelFormat.Gray8"/> (Mono8), <see cref="VideoPixelFormat.Gray16"/> (Mono16), or a Bayer mosaic (<see cref="VideoPixelFormat.BayerRG8"/>: <c>BayerRG8</c>…).</param>
    /// <param name="features">GenICam features to write by name at every open, in order (<c>features { GainRaw = 10 }</c>).</param>
    public GenICamDriver(CameraDescriptor descriptor, string device, string? triggerSource = null, VideoPixelFormat format = VideoPixelFormat.Gray8, IEnumerable<KeyValuePair<string, string>>? features = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        Descriptor = descriptor;
        _device = device;
        _triggerSource = triggerSource;
        (_format, _pixelFormat) = format switch
        {
            VideoPixelFormat.Gray8 => (format, "Mono8"),
            VideoPixelFormat.Gray16 => (format, "Mono16"),
            VideoPixelFormat.BayerRG8 or VideoPixelFormat.BayerGR8 or VideoPixelFormat.BayerGB8 or VideoPixelFormat.BayerBG8 => (format, format.ToString()),
            _ => throw new ArgumentException($"A GenICam camera delivers Gray8, Gray16 or 8-bit Bayer, not {format}.", nameof(format)),
        };
        Keep(features ?? []);
    }

    /// <inheritdoc />
    public CameraDescriptor Descriptor { get; }

    /// <inheritdoc />
    public CameraProfile Profile { get; private set; } = new();

    /// <inheritdoc />
    public bool IsArmed => _camera is not null && _triggerSource == "Software";

    /// <summary>True when Aravis can be loaded on this machine.</summary>
    public static bool IsAvailable => Internal.AravisNative.IsAvailable;

    /// <summary>The GenICam cameras Aravis finds on this machine's interfaces.</summary>
    public static IReadOnlyList<string> Enumerate() => AravisCamera.Enumerate();

    /// <inheritdoc />
    public Task<MediaTrackSettings> OpenAsync(MediaTrackSettings settings, ICameraObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(observer);
        var camera = AravisCamera.Open(_device);
        try
        {
            if (camera.GetString("PixelFormat") != _pixelFormat)
            {
                camera.SetString("PixelFormat", _pixelFormat);
            }

            ArmTrigger(camera);
            foreach (var (name, value) in _features)
            {
                Write(camera, name, value);
            }

            var mapping = GenICamMapping.For(camera, Descriptor.DeviceId);
            var current = mapping.Apply(mapping.Read(), settings);
            (_camera, _mapping, _observer) = (camera, mapping, observer);
            Profile = ProfileOf(mapping, current);
            Start(camera, observer);
            return Task.FromResult(current);
        }
        catch
        {
            camera.Dispose();
            (_camera, _mapping) = (null, null);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<MediaTrackSettings> ApplySettingsAsync(MediaTrackSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_camera is not { } camera || _mapping is not { } mapping || _observer is not { } observer)
        {
            return Task.FromResult(settings);
        }

        var current = Profile.Settings;
        MediaTrackSettings applied;
        if (GenICamMapping.Resizes(current, settings))
        {
            // The payload changes with the frame size: the stream's buffers are made again.
            Stop();
            try
            {
                applied = mapping.Apply(current, settings);
            }
            finally
            {
                Start(camera, observer);
            }
        }
        else
        {
            applied = mapping.Apply(current, settings);
        }

        Profile = Profile with { Settings = applied };
        return Task.FromResult(applied);
    }

    /// <inheritdoc />
    public async Task<Photo> TakePhotoAsync(PhotoSettings settings, CancellationToken cancellationToken)
    {
        var photo = new TaskCompletionSource<Photo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _photo, photo);
        if (IsArmed)
        {
            _camera?.Execute("TriggerSoftware"); // a triggered camera exposes only when told: the photo is its own trigger
        }

        return await photo.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TriggeredFrame> TriggerAsync(CancellationToken cancellationToken)
    {
        if (!IsArmed || _camera is not { } camera)
        {
            throw new InvalidOperationException($"Camera '{Descriptor.DeviceId}' is not open in software trigger mode (trigger {{ mode = software }}).");
        }

        return await NextFrameAfterAsync(() => camera.Execute("TriggerSoftware"), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Arm() => Open().PauseAcquisition();

    /// <inheritdoc />
    public Task<TriggeredFrame> Release(CancellationToken cancellationToken)
    {
        var camera = Open();
        _restarted = true;
        return NextFrameAfterAsync(camera.ResumeAcquisition, cancellationToken);
    }

    /// <summary>Sends <paramref name="command"/> and answers the first complete frame after it, with the command's host time.</summary>
    private async Task<TriggeredFrame> NextFrameAfterAsync(Action command, CancellationToken cancellationToken)
    {
        var next = new TaskCompletionSource<TriggeredFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _triggered, next)?.TrySetCanceled(CancellationToken.None);
        long fired = Stopwatch.GetTimestamp();
        command();
        var frame = await next.Task.WaitAsync(s_triggerTimeout, cancellationToken).ConfigureAwait(false);
        return frame with { FiredAt = fired };
    }

    /// <inheritdoc />
    public string ReadFeature(string name) => Open().ReadFeature(name) ?? throw NoSuchFeature(name);

    /// <inheritdoc />
    public string WriteFeature(string name, string value)
    {
        var camera = Open();
        Write(camera, name, value);
        _features[name] = value;
        return camera.ReadFeature(name) ?? throw NoSuchFeature(name);
    }

    /// <inheritdoc />
    public void Keep(IEnumerable<KeyValuePair<string, string>> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var (name, value) in features)
        {
            _features[name] = value;
        }
    }

    /// <inheritdoc />
    public Task CloseAsync(CancellationToken cancellationToken)
    {
        Stop();
        Interlocked.Exchange(ref _camera, null)?.Dispose();
        _mapping = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync(CancellationToken.None).ConfigureAwait(false);

    private AravisCamera Open() => _camera ?? throw new MediaException(MediaErrorNames.InvalidStateError, $"Camera '{Descriptor.DeviceId}' is not open.");

    private MediaException NoSuchFeature(string name) => new(MediaErrorNames.NotFoundError, $"Camera '{Descriptor.DeviceId}' has no GenICam feature '{name}'.");

    private void Write(AravisCamera camera, string name, string value)
    {
        bool found;
        try
        {
            found = camera.WriteFeature(name, value);
        }
        catch (IOException e)
        {
            throw new MediaException(MediaErrorNames.NotSupportedError, e.Message, e);
        }

        if (!found)
        {
            throw NoSuchFeature(name);
        }
    }

    /// <summary>One frame per trigger from <c>_triggerSource</c> (on the frame-start selector where the camera has selectors), or free-running.</summary>
    private void ArmTrigger(AravisCamera camera)
    {
        if (camera.Has("TriggerSelector") && camera.Choices("TriggerSelector").Contains("FrameStart"))
        {
            camera.SetString("TriggerSelector", "FrameStart");
        }

        if (_triggerSource is { } source)
        {
            camera.SetString("TriggerSource", source);
            camera.SetString("TriggerMode", "On");
        }
        else if (camera.Has("TriggerMode"))
        {
            camera.SetString("TriggerMode", "Off");
        }
    }

    private static CameraProfile ProfileOf(GenICamMapping mapping, MediaTrackSettings current)
    {
        var (width, height) = (current.Width ?? 0, current.Height ?? 0);
        return new CameraProfile
        {
            Capabilities = mapping.Capabilities,
            Settings = current,
            PhotoCapabilities = new PhotoCapabilities { RedEyeReduction = RedEyeReduction.Never, ImageWidth = new MediaSettingsRange(width, width, 1), ImageHeight = new MediaSettingsRange(height, height, 1), FillLightMode = [FillLightMode.Off] },
            PhotoSettings = new PhotoSettings { ImageWidth = width, ImageHeight = height, FillLightMode = FillLightMode.Off, RedEyeReduction = false },
        };
    }

    private void Start(AravisCamera camera, ICameraObserver observer)
    {
        camera.StartStream(Buffers);
        var running = new CancellationTokenSource();
        _running = running;
        _thread = new Thread(() => Capture(camera, observer, running.Token)) { IsBackground = true, Name = $"genicam {Descriptor.DeviceId}" };
        _thread.Start();
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _running, null) is { } running)
        {
            running.Cancel();
            _thread?.Join();
            running.Dispose();
        }

        try
        {
            _camera?.StopStream();
        }
        catch (IOException)
        {
            // A camera that no longer answers has stopped streaming all the same.
        }
    }

    private void Capture(AravisCamera camera, ICameraObserver observer, CancellationToken cancellationToken)
    {
        long lastBuffer = Stopwatch.GetTimestamp();
        ulong lastId = 0;
        bool first = true;

        // One delegate for the whole run: the loop itself allocates nothing per frame.
        BufferConsumer deliver = (data, frameId, nanoseconds, width, height, complete) =>
        {
            if (!complete)
            {
                // An incomplete buffer may not know its size: the frame keeps the stream's, so that the media model
                // sees it short and counts it discarded.
                (width, height) = (Profile.Settings.Width ?? 1, Profile.Settings.Height ?? 1);
            }

            if (_restarted)
            {
                (first, _restarted) = (true, false);
            }

            long step = Step(first, lastId, frameId);
            long sequence = _sequence = _sequence < 0 ? (long)frameId : _sequence + step;
            if (frameId != 0)
            {
                (lastId, first) = (frameId, false);
            }
            else if (!first)
            {
                lastId++; // an unknown id was the next one; before any known id, there is nothing to count from
            }
            if (step > 1)
            {
                observer.OnLost(step - 1); // frame ids the stream never handed over
            }

            var info = new VideoFrameInfo(Descriptor.DeviceId, sequence, width, height, width * _format.BytesPerPixel(), _format, TimeSpan.FromTicks((long)(nanoseconds / 100)), Stopwatch.GetTimestamp(), DateTime.UtcNow);
            var frame = _pool.Rent(info, data.Length); // empty when incomplete: discarded and counted by the media model
            data.CopyTo(frame.GetWritableSpan());
            if (complete && Interlocked.Exchange(ref _photo, null) is { } photo)
            {
                photo.TrySetResult(Encode(frame));
            }

            if (complete && Interlocked.Exchange(ref _triggered, null) is { } triggered)
            {
                triggered.TrySetResult(new TriggeredFrame(sequence, info.DeviceTimestamp, 0, info.HostTimestamp));
            }

            observer.OnFrame(frame);
        };
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (camera.Dequeue(PopTimeoutMilliseconds, deliver))
                {
                    lastBuffer = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(lastBuffer) > s_probeAfter)
                {
                    _ = camera.GetInteger("Width"); // throws when the camera no longer answers
                    lastBuffer = Stopwatch.GetTimestamp();
                }
            }
        }
        catch (Exception e)
        {
            // Nothing may leave a thread of our own: it would end the process. After a stop was asked for (a camera
            // that died being closed, its last probe timing out), the error is the stop's doing and not reported.
            if (!cancellationToken.IsCancellationRequested)
            {
                observer.OnFault(e);
            }
        }
    }

    /// <summary>
    /// How far the frame ids moved: GigE Vision 1 ids are 16 bits and skip 0, so a wrap is unwrapped and the sequence
    /// only grows; a stream's first frame, an id that goes back (the stream restarted) or none (0, a buffer that never
    /// completed) counts as one step.
    /// </summary>
    private static long Step(bool first, ulong last, ulong id) =>
        first || id == 0 ? 1
        : id > last ? (long)(id - last)
        : last > 0xF000 && id < 0x1000 ? (long)(id + ushort.MaxValue - last)
        : 1;

    private static Photo Encode(VideoFrame frame)
    {
        var output = new ArrayBufferWriter<byte>();
        ImageEncoders.Jpeg.Encode(ImageView.Of(frame), 90, output);
        return new Photo(output.WrittenMemory, "image/jpeg", frame.Info.UtcTime);
    }
}
