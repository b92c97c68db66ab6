using System.Collections.Immutable;
using Capture.Core.Drivers;
using Capture.Core.Media.Internal;

namespace Capture.Core.Media;

/// <summary>The cameras a program can use, and the way to open them (W3C <c>MediaDevices</c>).</summary>
/// <example>
/// <code>
/// var devices = new MediaDevices(new SyntheticCameraDriver("cam-1"), new SyntheticCameraDriver("cam-2"));
/// var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true });
/// var track = stream.GetVideoTracks()[0];
/// </code>
/// </example>
public sealed class MediaDevices : IAsyncDisposable
{
    private readonly ImmutableArray<ICameraDriver> _drivers;
    private readonly Dictionary<ICameraDriver, CameraSource> _open = [];
    private readonly Dictionary<ICameraDriver, Task> _closing = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the devices from a list of camera drivers (synthetic, network, USB…).</summary>
    /// <exception cref="ArgumentException">Two drivers share a device id.</exception>
    public MediaDevices(IEnumerable<ICameraDriver> drivers, MediaDevicesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        _drivers = [.. drivers];
        Options = options ?? new MediaDevicesOptions();
        if (_drivers.GroupBy(d => d.Descriptor.DeviceId).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Two cameras have the device id '{duplicate.Key}'.", nameof(drivers));
        }
    }

    /// <summary>Creates the devices from camera drivers with the default options.</summary>
    public MediaDevices(params ICameraDriver[] drivers)
        : this((IEnumerable<ICameraDriver>)drivers)
    {
    }

    /// <summary>The policy in force.</summary>
    public MediaDevicesOptions Options { get; }

    /// <summary>The cameras, in enumeration order.</summary>
    public IReadOnlyList<ICameraDriver> Drivers => _drivers;

    /// <summary>Lists the cameras (W3C <c>enumerateDevices</c>).</summary>
    public Task<IReadOnlyList<MediaDeviceInfo>> EnumerateDevicesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MediaDeviceInfo>>(
            [.. _drivers.Select(d => new MediaDeviceInfo(d.Descriptor.DeviceId, MediaDeviceInfo.VideoInput, d.Descriptor.Label, d.Descriptor.EffectiveGroupId))]);

    /// <summary>The constrainable properties understood (all of them).</summary>
    public static MediaTrackSupportedConstraints GetSupportedConstraints() => new();

    /// <summary>Opens the camera that best fits the constraints and returns a stream with its video track (W3C <c>getUserMedia</c>).</summary>
    /// <remarks>
    /// Every camera is scored with the constraints algorithm; the one with the smallest fitness distance wins, ties
    /// going to the first listed. A camera already open is shared: the new track joins its other tracks.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// Neither video nor audio is requested, a value is not finite, or an image-capture property is required
    /// (min/max/exact) in the basic set (the spec's TypeError, pinned decision 16).
    /// </exception>
    /// <exception cref="MediaException">NotFoundError: no camera, or audio was requested without <see cref="MediaDevicesOptions.SilentAudio"/>. NotReadableError: the camera failed to open.</exception>
    /// <exception cref="OverconstrainedException">No camera satisfies the required constraints.</exception>
    public async Task<MediaStream> GetUserMediaAsync(MediaStreamConstraints constraints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        bool video = constraints.Video?.Requested == true, audio = constraints.Audio?.Requested == true;
        if (!video && !audio)
        {
            throw new ArgumentException("At least one of audio and video must be requested.", nameof(constraints));
        }

        var requested = constraints.Video?.Constraints ?? new MediaTrackConstraints();
        ConstraintSolver.Validate(requested);
        if (ConstrainableProperties.All.FirstOrDefault(p => p.IsImageCapture && p.HasRequiredPart(requested)) is { } notAllowed)
        {
            throw new ArgumentException($"'{notAllowed.Name}' cannot be a required constraint in GetUserMedia; use ideal or an advanced set.", nameof(constraints));
        }

        if (audio && !Options.SilentAudio)
        {
            throw MediaException.NotFound("No audio input device is available.");
        }

        var silence = audio ? MediaStreamTrack.CreateAudio("Silent audio") : null;
        if (!video)
        {
            return new MediaStream([silence!]);
        }

        bool panTiltZoom = Options.PanTiltZoom switch
        {
            PanTiltZoomPermission.Granted => true,
            PanTiltZoomPermission.OnRequest => AsksForPanTiltZoom(requested),
            _ => false,
        };
        var driver = Select(requested, panTiltZoom);
        var source = await OpenAsync(driver, cancellationToken).ConfigureAwait(false);
        var track = source.CreateTrack(new MediaTrackConstraints(), panTiltZoom, enabled: true);
        try
        {
            await track.ApplyConstraintsAsync(requested, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            track.Stop();
            throw;
        }

        return new MediaStream(silence is null ? [track] : [track, silence]);
    }

    /// <summary>Stops every track and closes every camera.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] closing;
        CameraSource[] open;
        lock (_gate)
        {
            open = [.. _open.Values];
        }

        foreach (var source in open)
        {
            source.EndAll();
        }

        lock (_gate)
        {
            closing = [.. _closing.Values];
        }

        await Task.WhenAll(closing).ConfigureAwait(false);
    }

    private ICameraDriver Select(MediaTrackConstraints constraints, bool panTiltZoom)
    {
        if (_drivers.IsEmpty)
        {
            throw MediaException.NotFound("No camera is available.");
        }

        ICameraDriver? best = null;
        double bestDistance = double.PositiveInfinity;
        string? failed = null;
        foreach (var driver in _drivers)
        {
            var capabilities = CameraSource.CapabilitiesOf(driver);
            var current = CurrentSettings(driver);
            if (!panTiltZoom)
            {
                capabilities = capabilities with { Pan = null, Tilt = null, Zoom = null };
                current = current with { Pan = null, Tilt = null, Zoom = null };
            }

            var selected = ConstraintSolver.SelectSettings(constraints, capabilities, current, driver.Profile.SupportsPointsOfInterest);
            if (selected.Settings is null)
            {
                failed ??= selected.FailedConstraint;
            }
            else if (best is null || selected.Distance < bestDistance)
            {
                (best, bestDistance) = (driver, selected.Distance);
            }
        }

        return best ?? throw new OverconstrainedException(failed ?? string.Empty, $"No camera satisfies the required constraint '{failed}'.");
    }

    private MediaTrackSettings CurrentSettings(ICameraDriver driver)
    {
        lock (_gate)
        {
            return _open.TryGetValue(driver, out var source) ? source.Settings
                : driver.Profile.Settings with { DeviceId = driver.Descriptor.DeviceId, GroupId = driver.Descriptor.EffectiveGroupId };
        }
    }

    private async Task<CameraSource> OpenAsync(ICameraDriver driver, CancellationToken cancellationToken)
    {
        CameraSource source;
        Task previousClose;
        lock (_gate)
        {
            if (_open.TryGetValue(driver, out var shared))
            {
                return shared;
            }

            source = new CameraSource(driver, Options, Forget);
            _open[driver] = source;
            previousClose = _closing.GetValueOrDefault(driver) ?? Task.CompletedTask;
            _closing[driver] = source.Closed;
        }

        await previousClose.ConfigureAwait(false);
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        return source;
    }

    private void Forget(CameraSource source)
    {
        lock (_gate)
        {
            var entry = _open.FirstOrDefault(e => e.Value == source);
            if (entry.Value is not null)
            {
                _open.Remove(entry.Key);
            }
        }
    }

    private static bool AsksForPanTiltZoom(MediaTrackConstraints constraints) =>
        (constraints.Advanced ?? []).Prepend(constraints).Any(set =>
            new[] { set.Pan, set.Tilt, set.Zoom }.Any(c => c is { IsEmpty: false } && c.Boolean != false));
}
