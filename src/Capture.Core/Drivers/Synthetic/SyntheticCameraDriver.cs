using System.Diagnostics;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Core.Drivers.Synthetic;

/// <summary>A camera made of code: a deterministic test pattern at the configured size and rate whose controls visibly change the picture.</summary>
/// <remarks>
/// The embedded default camera and the test double for everything above it. Its capabilities come from a
/// <see cref="CameraProfile"/> (data), and <see cref="Faults"/> makes it disconnect, stall, corrupt frames or fail photos.
/// Frames are BGRA from a per-camera <see cref="FramePool"/>; a frame costs no managed allocation in steady state.
/// </remarks>
public sealed class SyntheticCameraDriver : ICameraDriver
{
    private readonly Lock _gate = new();
    private readonly SyntheticScene _scene = new();
    private readonly FramePool _pool = new(maxRetained: 16);
    private readonly IImageEncoder _photoEncoder;
    private MediaTrackSettings _settings;
    private SyntheticFaults _faults = SyntheticFaults.None;
    private CancellationTokenSource? _running;
    private Task _loop = Task.CompletedTask;
    private long _sequence;
    private int _failedOpens;
    private int _failedPhotos;

    /// <summary>Creates a synthetic camera.</summary>
    /// <param name="deviceId">Its id (the camera id in a rig).</param>
    /// <param name="profile">Its capabilities; <see cref="CameraProfile.Default"/> when null.</param>
    /// <param name="label">Its human-readable name; derived from the id when null.</param>
    /// <param name="photoEncoder">Encodes photos; the default JPEG encoder when null.</param>
    public SyntheticCameraDriver(string deviceId, CameraProfile? profile = null, string? label = null, IImageEncoder? photoEncoder = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        Descriptor = new CameraDescriptor(deviceId, label ?? $"Synthetic camera {deviceId}");
        Profile = profile ?? CameraProfile.Default;
        _photoEncoder = photoEncoder ?? ImageEncoders.Jpeg;
        _settings = Profile.Settings;
    }

    /// <inheritdoc />
    public CameraDescriptor Descriptor { get; }

    /// <inheritdoc />
    public CameraProfile Profile { get; }

    /// <summary>The failures to produce; can be changed while the camera runs (photo and open failures count afresh).</summary>
    public SyntheticFaults Faults
    {
        get => Volatile.Read(ref _faults);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _faults, value);
            _failedOpens = 0;
            Interlocked.Exchange(ref _failedPhotos, 0);
        }
    }

    /// <summary>What the camera shows: the moving pattern, or a still view with noise and a scripted object.</summary>
    public SyntheticSceneScript Scene
    {
        get => _scene.Script;
        init => _scene.Script = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The frames delivered since the camera was created.</summary>
    public long FramesProduced => Interlocked.Read(ref _sequence);

    /// <summary>The pool frames come from (tests check it for leaks).</summary>
    public FramePool Pool => _pool;

    /// <inheritdoc />
    public async Task<MediaTrackSettings> OpenAsync(MediaTrackSettings settings, ICameraObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observer);
        await CloseAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(Faults.OpenDelay, cancellationToken).ConfigureAwait(false);
        if (_failedOpens < Faults.FailOpens)
        {
            _failedOpens++;
            throw new IOException($"Synthetic camera '{Descriptor.DeviceId}' failed to open (fault injection {_failedOpens}/{Faults.FailOpens}).");
        }

        var applied = await ApplySettingsAsync(settings, cancellationToken).ConfigureAwait(false);
        _running = new CancellationTokenSource();
        var token = _running.Token;
        _loop = Task.Run(() => RunAsync(observer, token), CancellationToken.None);
        return applied;
    }

    /// <inheritdoc />
    public Task<MediaTrackSettings> ApplySettingsAsync(MediaTrackSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            _settings = settings;
            _scene.Configure(settings, Profile.Capabilities);
        }

        return Task.FromResult(settings);
    }

    /// <inheritdoc />
    public Task<Photo> TakePhotoAsync(PhotoSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Interlocked.Increment(ref _failedPhotos) <= Faults.FailPhotos)
        {
            return Task.FromException<Photo>(new IOException($"Synthetic camera '{Descriptor.DeviceId}' failed to take a photo (fault injection)."));
        }

        var delay = Faults.PhotoDelay;
        return Task.Run(
            async () =>
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                var still = new SyntheticScene { Script = Scene };
                MediaTrackSettings current;
                lock (_gate)
                {
                    current = _settings;
                }

                bool fires = settings.FillLightMode == FillLightMode.Flash
                    || (settings.FillLightMode == FillLightMode.Auto && (current.Brightness ?? 128) < 100);
                still.Configure(current, Profile.Capabilities, extraLight: fires ? 1.5 : 1);
                int width = (int)(settings.ImageWidth ?? current.Width ?? 640);
                int height = (int)(settings.ImageHeight ?? current.Height ?? 480);
                return still.TakePhoto(width, height, FramesProduced, DateTime.UtcNow, _photoEncoder);
            },
            cancellationToken);
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
        await _loop.ConfigureAwait(false);
        running.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task RunAsync(ICameraObserver observer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interval = FrameInterval();
        using var timer = new PeriodicTimer(interval);
        int framesThisOpen = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var faults = Faults;
                if (framesThisOpen >= faults.DisconnectAfterFrames)
                {
                    observer.OnFault(new IOException($"Synthetic camera '{Descriptor.DeviceId}' disconnected after {framesThisOpen} frames (fault injection)."));
                    return;
                }

                if (framesThisOpen == faults.StallAfterFrames)
                {
                    framesThisOpen++;
                    observer.OnMuted(true);
                    await Task.Delay(faults.StallDuration, cancellationToken).ConfigureAwait(false);
                    observer.OnMuted(false);
                    continue;
                }

                framesThisOpen++;
                observer.OnFrame(Capture(clock.Elapsed, corrupt: faults.CorruptEveryNthFrame is { } n && framesThisOpen % n == 0));
                if (FrameInterval() is var next && next != interval)
                {
                    interval = next;
                    timer.Period = next;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Closed.
        }
        catch (Exception e)
        {
            observer.OnFault(e);
        }
    }

    private VideoFrame Capture(TimeSpan deviceTime, bool corrupt)
    {
        lock (_gate)
        {
            int width = _settings.Width ?? 640, height = _settings.Height ?? 480, stride = width * 4;
            long sequence = Interlocked.Increment(ref _sequence) - 1;
            var utc = DateTime.UtcNow;
            var info = new VideoFrameInfo(Descriptor.DeviceId, sequence, width, height, stride, VideoPixelFormat.Bgra32, deviceTime, Stopwatch.GetTimestamp(), utc);
            var frame = _pool.Rent(info, stride * height);
            _scene.Render(frame.GetWritableSpan(), width, height, stride, sequence, utc);
            if (corrupt)
            {
                frame.Reset(info, stride * height / 2);
            }

            return frame;
        }
    }

    private TimeSpan FrameInterval()
    {
        double rate = Math.Max(_settings.FrameRate ?? 30, 0.1);
        return TimeSpan.FromSeconds(1 / rate);
    }
}
