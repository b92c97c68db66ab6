using System.Diagnostics;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Drivers.V4L2;

/// <summary>A USB (UVC) camera through Linux V4L2: MJPG capture with mmap streaming, and its controls as W3C capabilities.</summary>
/// <remarks>
/// Frames stay JPEG and carry the driver's own sequence number (gaps show frames the device dropped) and capture
/// timestamp. Capabilities are read from the device on open (<see cref="V4L2ControlMapping"/>); opening keeps the
/// device's current PTZ position and other values: only settings that differ are written. A control the device
/// refuses fails the apply with the refused controls named (UnknownError), after reading back what the device kept.
/// </remarks>
public sealed class V4L2Driver : ICameraDriver
{
    private readonly string _path;
    private readonly FramePool _pool = new(maxRetained: 8);
    private V4L2Device? _device;
    private V4L2ControlMapping? _mapping;
    private CancellationTokenSource? _running;
    private Thread? _thread;
    private TaskCompletionSource<Photo>? _photo;

    /// <summary>Creates the driver for a device node such as <c>/dev/video0</c>; nothing is opened until <see cref="OpenAsync"/>.</summary>
    public V4L2Driver(CameraDescriptor descriptor, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Descriptor = descriptor;
        _path = path;
    }

    /// <inheritdoc />
    public CameraDescriptor Descriptor { get; }

    /// <inheritdoc />
    public CameraProfile Profile { get; private set; } = new();

    /// <summary>What the numbers of each numeric capability mean (known once opened).</summary>
    public IReadOnlyDictionary<string, string> Units => _mapping?.Units ?? new Dictionary<string, string>();

    /// <summary>The V4L2 capture devices on this machine (none where there is no <c>/dev/video*</c>).</summary>
    public static IReadOnlyList<(string Path, string Card)> Enumerate()
    {
        var found = new List<(string, string)>();
        foreach (string path in Directory.Exists("/dev") ? Directory.GetFiles("/dev", "video*").Order().ToArray() : [])
        {
            try
            {
                using var device = V4L2Device.Open(path);
                found.Add((path, device.Card));
            }
            catch (IOException)
            {
                // Metadata nodes and busy devices are not cameras to offer.
            }
        }

        return found;
    }

    /// <inheritdoc />
    public Task<MediaTrackSettings> OpenAsync(MediaTrackSettings settings, ICameraObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(observer);
        var device = V4L2Device.Open(_path);
        try
        {
            var mapping = V4L2ControlMapping.For(device.Query());
            var (width, height) = device.StartStreaming(settings.Width ?? 1280, settings.Height ?? 720);
            var current = mapping.Read(device, new MediaTrackSettings { Width = width, Height = height, AspectRatio = Math.Round((double)width / height, 10), FrameRate = settings.FrameRate ?? 30, ResizeMode = "none" });
            Profile = new CameraProfile
            {
                Capabilities = mapping.Capabilities with { Width = new MediaSettingsRange(width, width, 1), Height = new MediaSettingsRange(height, height, 1), ResizeMode = ["none"] },
                Settings = current,
                PhotoCapabilities = new PhotoCapabilities { RedEyeReduction = RedEyeReduction.Never, ImageWidth = new MediaSettingsRange(width, width, 1), ImageHeight = new MediaSettingsRange(height, height, 1), FillLightMode = [FillLightMode.Off] },
                PhotoSettings = new PhotoSettings { ImageWidth = width, ImageHeight = height, FillLightMode = FillLightMode.Off, RedEyeReduction = false },
            };
            (_device, _mapping) = (device, mapping);
            var running = new CancellationTokenSource();
            _running = running;
            _thread = new Thread(() => Capture(device, observer, running.Token)) { IsBackground = true, Name = $"v4l2 {Descriptor.DeviceId}" };
            _thread.Start();
            return Task.FromResult(current);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<MediaTrackSettings> ApplySettingsAsync(MediaTrackSettings settings, CancellationToken cancellationToken)
    {
        if (_device is not { } device || _mapping is not { } mapping)
        {
            return Task.FromResult(settings);
        }

        var result = mapping.Apply(settings, device);
        return result.Failures.Count == 0
            ? Task.FromResult(result.Settings)
            : Task.FromException<MediaTrackSettings>(new IOException($"The device refused: {string.Join("; ", result.Failures.Select(f => $"{f.Property} = {f.Value}: {f.Reason}"))}"));
    }

    /// <inheritdoc />
    public async Task<Photo> TakePhotoAsync(PhotoSettings settings, CancellationToken cancellationToken)
    {
        var photo = new TaskCompletionSource<Photo>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _photo, photo);
        return await photo.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CloseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, null) is { } running)
        {
            running.Cancel();
            _thread?.Join();
            running.Dispose();
        }

        Interlocked.Exchange(ref _device, null)?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync(CancellationToken.None).ConfigureAwait(false);

    private void Capture(V4L2Device device, ICameraObserver observer, CancellationToken cancellationToken)
    {
        var (width, height) = (Profile.Settings.Width ?? 0, Profile.Settings.Height ?? 0);

        // One delegate for the whole run: the loop itself allocates nothing per frame.
        FrameConsumer deliver = (data, sequence, timestamp) =>
        {
            var info = new VideoFrameInfo(Descriptor.DeviceId, sequence, width, height, 0, VideoPixelFormat.Jpeg, timestamp, Stopwatch.GetTimestamp(), DateTime.UtcNow);
            var frame = _pool.Rent(info, data.Length);
            data.CopyTo(frame.GetWritableSpan());
            if (Interlocked.Exchange(ref _photo, null) is { } photo)
            {
                photo.TrySetResult(new Photo(data.ToArray(), "image/jpeg", info.UtcTime));
            }

            observer.OnFrame(frame);
        };
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                device.Dequeue(200, deliver);
            }
        }
        catch (Exception e)
        {
            // ENODEV when unplugged, EIO on a USB reset: the rig reopens with back-off. Nothing may leave a thread of
            // our own (it would end the process); after a stop was asked for, the error is the stop's doing.
            if (!cancellationToken.IsCancellationRequested)
            {
                observer.OnFault(e);
            }
        }
    }
}
