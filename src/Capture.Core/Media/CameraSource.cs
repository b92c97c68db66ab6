using System.Collections.Immutable;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Internal;
using Capture.Core.Media.Internal;

namespace Capture.Core.Media;

/// <summary>The one owner of an open camera: holds its real settings and serialises apply, photo and close across all its tracks.</summary>
/// <remarks>
/// Pinned decision 15: each track keeps its own constraints, but settings are device-wide, so a change made through
/// one track shows in every track's <c>GetSettings()</c>. Frames are handed to each track by reference, never copied.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "_ending is cancelled once when the source ends and has no timer; nothing is left to dispose.")]
internal sealed class CameraSource : ICameraObserver
{
    private readonly ICameraDriver _driver;
    private readonly SerialQueue _queue = new();
    private readonly Lock _gate = new();
    private readonly Action<CameraSource> _ended;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _ending = new(); // cancels a photo in flight when the source ends, so the close queued behind it runs at once
    private ImmutableArray<MediaStreamTrack> _tracks = [];
    private MediaTrackSettings _settings;
    private PhotoSettings _photoSettings;
    private bool _isEnded;

    public CameraSource(ICameraDriver driver, MediaDevicesOptions options, Action<CameraSource> ended)
    {
        _driver = driver;
        _ended = ended;
        Options = options;
        Capabilities = CapabilitiesOf(driver);
        _settings = driver.Profile.Settings with { DeviceId = driver.Descriptor.DeviceId, GroupId = driver.Descriptor.EffectiveGroupId };
        _photoSettings = driver.Profile.PhotoSettings;
    }

    public MediaDevicesOptions Options { get; }

    public CameraDescriptor Descriptor => _driver.Descriptor;

    /// <summary>The driver, when it decodes its encoded video on demand (for grabFrame).</summary>
    public ILatestPictureSource? Pictures => _driver as ILatestPictureSource;

    /// <summary>The device's full capabilities (before any track hides PTZ); refreshed on open, when a stream reveals its size.</summary>
    public MediaTrackCapabilities Capabilities { get; private set; }

    public bool SupportsPointsOfInterest => _driver.Profile.SupportsPointsOfInterest;

    public PhotoCapabilities? PhotoCapabilities => _driver.Profile.PhotoCapabilities;

    public MediaTrackSettings Settings => Volatile.Read(ref _settings);

    public PhotoSettings PhotoSettings => Volatile.Read(ref _photoSettings);

    /// <summary>Completes when the driver has been closed after the last track left or the device failed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The capabilities as the profile states them, completed with ids and the aspect-ratio range.</summary>
    public static MediaTrackCapabilities CapabilitiesOf(ICameraDriver driver)
    {
        var caps = driver.Profile.Capabilities with { DeviceId = driver.Descriptor.DeviceId, GroupId = driver.Descriptor.EffectiveGroupId };
        if (caps.AspectRatio is null && caps.Width is { Min: > 0, Max: { } maxWidth } width && caps.Height is { Min: > 0, Max: { } maxHeight } height)
        {
            caps = caps with { AspectRatio = new MediaSettingsRange(width.Min.Value / maxHeight, maxWidth / height.Min.Value) };
        }

        return caps;
    }

    public Task OpenAsync(CancellationToken cancellationToken) => _queue.Run(async () =>
    {
        try
        {
            var settings = await _driver.OpenAsync(Settings, this, cancellationToken).ConfigureAwait(false);
            Capabilities = CapabilitiesOf(_driver);
            Volatile.Write(ref _settings, WithIds(settings));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EndSource();
            throw MediaException.NotReadable($"Camera '{Descriptor.DeviceId}' could not be opened: {e.Message}", e);
        }
    });

    public MediaStreamTrack CreateTrack(MediaTrackConstraints constraints, bool panTiltZoom, bool enabled)
    {
        var track = new MediaStreamTrack(this, constraints, panTiltZoom, enabled);
        lock (_gate)
        {
            if (_isEnded)
            {
                track.EndFromSource(error: null, fireEvent: false);
                return track;
            }

            _tracks = _tracks.Add(track);
        }

        return track;
    }

    /// <summary>Stops every track, which closes the device.</summary>
    public void EndAll()
    {
        foreach (var track in _tracks)
        {
            track.Stop();
        }

        EndSource();
    }

    /// <summary>Removes a stopped track; the last one to leave closes the device.</summary>
    public void Detach(MediaStreamTrack track)
    {
        lock (_gate)
        {
            _tracks = _tracks.Remove(track);
            if (!_tracks.IsEmpty || _isEnded)
            {
                return;
            }
        }

        EndSource();
    }

    public Task ApplyConstraintsAsync(MediaStreamTrack track, MediaTrackConstraints constraints, CancellationToken cancellationToken) => _queue.Run(async () =>
    {
        if (track.ReadyState == MediaStreamTrackState.Ended)
        {
            return; // ended while queued: the spec's ended-track no-op
        }

        var current = Settings;
        var selected = ConstraintSolver.SelectSettings(constraints, track.GetCapabilities(), track.VisibleSettings(current), SupportsPointsOfInterest);
        if (selected.Settings is not { } chosen)
        {
            throw new OverconstrainedException(selected.FailedConstraint ?? string.Empty);
        }

        if (!track.PanTiltZoomAllowed)
        {
            chosen = chosen with { Pan = current.Pan, Tilt = current.Tilt, Zoom = current.Zoom };
        }

        if (chosen != current)
        {
            try
            {
                chosen = await _driver.ApplySettingsAsync(chosen, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw MediaException.Unknown($"Camera '{Descriptor.DeviceId}' rejected the new settings: {e.Message}", e);
            }

            Volatile.Write(ref _settings, WithIds(chosen));
        }

        // Constraints are recorded only once the device took them (unlike crbug 1423282).
        track.SetConstraints(constraints);
    });

    public Task<Photo> TakePhotoAsync(MediaStreamTrack track, PhotoSettings requested, CancellationToken cancellationToken) => _queue.Run(async () =>
    {
        EnsureStillLive(track, "takePhoto");
        if (PhotoCapabilities is not { } capabilities)
        {
            throw MediaException.Unknown($"Camera '{Descriptor.DeviceId}' cannot take photos.");
        }

        var settings = Resolve(requested, capabilities);
        Photo photo;
        using var whileLive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ending.Token);
        try
        {
            photo = await _driver.TakePhotoAsync(settings, whileLive.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_ending.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw MediaException.Operation("The track ended while takePhoto was in progress.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EnsureStillLive(track, "takePhoto");
            throw MediaException.Unknown($"Camera '{Descriptor.DeviceId}' failed to take a photo: {e.Message}", e);
        }

        EnsureStillLive(track, "takePhoto");
        Volatile.Write(ref _photoSettings, settings);
        return photo;
    });

    public Task<PhotoCapabilities> GetPhotoCapabilitiesAsync(MediaStreamTrack track) => _queue.Run(() =>
    {
        EnsureStillLive(track, "getPhotoCapabilities");
        return Task.FromResult(PhotoCapabilities ?? new PhotoCapabilities { RedEyeReduction = Imaging.RedEyeReduction.Never, FillLightMode = [] });
    });

    public Task<PhotoSettings> GetPhotoSettingsAsync(MediaStreamTrack track) => _queue.Run(() =>
    {
        EnsureStillLive(track, "getPhotoSettings");
        return Task.FromResult(PhotoSettings);
    });

    void ICameraObserver.OnFrame(VideoFrame frame)
    {
        using (frame)
        {
            bool corrupt = frame.Format == VideoPixelFormat.Jpeg
                ? JpegInfo.Read(frame.Data) is null
                : frame.Info.IsEncodedVideo ? frame.Length == 0 // an access unit lost on the way arrives empty
                : frame.Info.ExpectedLength is > 0 and var expected && frame.Length < expected;
            if (corrupt)
            {
                foreach (var track in _tracks)
                {
                    track.Discarded();
                }

                return;
            }

            foreach (var track in _tracks)
            {
                track.Deliver(frame);
            }
        }
    }

    void ICameraObserver.OnLost(long frames)
    {
        foreach (var track in _tracks)
        {
            track.Lost(frames);
        }
    }

    void ICameraObserver.OnMuted(bool muted)
    {
        foreach (var track in _tracks)
        {
            track.SetMuted(muted);
        }
    }

    void ICameraObserver.OnFault(Exception error)
    {
        ImmutableArray<MediaStreamTrack> tracks;
        lock (_gate)
        {
            tracks = _tracks;
            _tracks = [];
        }

        // Tracks end with an 'ended' event: the device went away, nobody called Stop().
        foreach (var track in tracks)
        {
            track.EndFromSource(error, fireEvent: true);
        }

        EndSource();
    }

    private void EndSource()
    {
        lock (_gate)
        {
            if (_isEnded)
            {
                return;
            }

            _isEnded = true;
        }

        _ending.Cancel();
        _ended(this);
        _queue.Run(() => _driver.CloseAsync(CancellationToken.None)).ContinueWith(
            t => _closed.TrySetResult(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private static void EnsureStillLive(MediaStreamTrack track, string operation)
    {
        if (track.ReadyState == MediaStreamTrackState.Ended)
        {
            throw MediaException.Operation($"The track ended while {operation} was in progress.");
        }
    }

    private MediaTrackSettings WithIds(MediaTrackSettings settings) =>
        settings with { DeviceId = Descriptor.DeviceId, GroupId = Descriptor.EffectiveGroupId };

    /// <summary>Fills in what the request leaves out and moves sizes onto the supported grid (pinned decision 2).</summary>
    private PhotoSettings Resolve(PhotoSettings requested, PhotoCapabilities capabilities)
    {
        var current = PhotoSettings;
        double? width = requested.ImageWidth, height = requested.ImageHeight;
        if (width is null && height is null)
        {
            (width, height) = (current.ImageWidth, current.ImageHeight);
        }
        else if (Settings is { Width: > 0, Height: > 0 } video)
        {
            // One side given: keep the video's aspect ratio, as WebKit does.
            double ratio = (double)video.Width.Value / video.Height.Value;
            width ??= height * ratio;
            height ??= width / ratio;
        }

        return new PhotoSettings
        {
            FillLightMode = requested.FillLightMode ?? current.FillLightMode,
            RedEyeReduction = requested.RedEyeReduction ?? current.RedEyeReduction,
            ImageWidth = PhotoSize(width, capabilities.ImageWidth),
            ImageHeight = PhotoSize(height, capabilities.ImageHeight),
        };
    }

    private static double? PhotoSize(double? value, MediaSettingsRange? range)
    {
        if (value is not { } v || range is not { Min: { } min, Max: { } max })
        {
            return value is { } raw ? Math.Round(raw) : null;
        }

        var slot = new NumberSlot(min, max, range.Step is > 0 ? range.Step : 1, v);
        return slot.Snap(Math.Clamp(v, min, max));
    }
}
