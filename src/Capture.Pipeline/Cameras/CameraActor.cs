using System.Buffers;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Capture.Core.Drivers;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Diagnostics;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Cameras;

/// <summary>Owns one camera: its driver, current track and ImageCapture, its desired state, health and reconnects.</summary>
/// <remarks>
/// States: Opening → Live ⇄ Reconnecting, and Stopped. A device failure ends the track (W3C 'ended'); the actor
/// then reopens the device after an exponential back-off, gets a new track and re-applies the desired constraints.
/// Commands that arrive while it is not live wait in order and are replayed once it is, or fail with
/// InvalidStateError after <c>reconnect-wait</c>. Device I/O never blocks the mailbox: it is piped back as messages.
/// </remarks>
internal sealed class CameraActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CameraSettings _camera;
    private readonly CaptureSettings _rig;
    private readonly ICameraDriver _driver;
    private readonly DesiredStateStore _store;
    private readonly LiveViews? _liveViews;
    private readonly Queue<Waiting> _waiting = new();
    private readonly Queue<DateTimeOffset> _restarts = new();
    private readonly Queue<DateTimeOffset> _stalls = new();
    private readonly Queue<(DateTimeOffset At, TimeSpan Length)> _gaps = new();
    private DateTimeOffset? _downSince;
    private CameraPipeline? _pipeline;
    private string? _pipelineError;
    private MediaDevices? _devices;
    private MediaStreamTrack? _track;
    private ImageCapture? _capture;
    private Task _closing = Task.CompletedTask;
    private CameraHealth _health = CameraHealth.Opening;
    private DateTimeOffset _since;
    private DateTimeOffset _liveSince;
    private DateTimeOffset _lastFrameAt;
    private TimeSpan? _retryDelay;
    private long _lastFrameCount;
    private string? _lastError;
    private int _failures;
    private bool _openedBefore;

    public CameraActor(CameraSettings camera, CaptureSettings rig, CameraDriverFactory drivers, DesiredStateStore store, LiveViews? liveViews)
    {
        _liveViews = liveViews;
        _camera = camera;
        _rig = rig;
        _store = store;
        _driver = drivers(camera);
        _since = Now;
        RigMeter.Cameras.Add(1, new("camera", camera.Id.Value), new("health", _health.ToString()));
        Become(Stopped);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The scheduler's clock, so a TestScheduler drives back-off, stall and hour windows in tests.</summary>
    private static DateTimeOffset Now => Context.System.Scheduler.Now;

    private DesiredState Desired
    {
        get => _store.Get(_camera.Id, new DesiredState(_camera.Constraints, new PhotoSettings()));
        set => _store.Set(_camera.Id, value);
    }

    protected override void PreStart()
    {
        if (Desired.Running)
        {
            StartOpening();
        }
        else
        {
            SetHealth(CameraHealth.Stopped, "stopped on request before a restart");
        }
    }

    protected override void PostStop()
    {
        RigMeter.Cameras.Add(-1, new("camera", _camera.Id.Value), new("health", _health.ToString()));
        while (_waiting.TryDequeue(out var waiting))
        {
            waiting.Sender.Tell(new Camera.MediaError(_camera.Id, MediaErrorNames.InvalidStateError, $"Camera '{_camera.Id}' stopped before the command could run."));
        }

        var closing = CloseAsync(_devices, _pipeline);
        var driver = _driver;
        _ = Task.Run(async () =>
        {
            await closing.ConfigureAwait(false);
            await driver.DisposeAsync().ConfigureAwait(false);
        });
    }

    private void Opening()
    {
        Common();
        Receive<DeviceOpened>(HandleOpened);
        Receive<DeviceFailed>(m => HandleFailure(m.Error, m.Devices));
        Receive<ICameraMessage>(Wait);
        Leftovers();
    }

    private void Live()
    {
        Common();
        Receive<TrackEnded>(HandleTrackEnded);
        Receive<HealthTick>(_ => CheckHealth());
        Receive<ICameraMessage>(m => HandleCommand(m, Sender));
        Leftovers();
    }

    private void Reconnecting()
    {
        Common();
        Receive<Reconnect>(_ => StartOpening());
        Receive<ICameraMessage>(Wait);
        Leftovers();
    }

    private void Stopped()
    {
        Common();
        Receive<Camera.StartCamera>(m =>
        {
            Desired = Desired with { Running = true };
            StartOpening();
            Wait(m);
        });
        Receive<Camera.StopCamera>(m => Sender.Tell(new Camera.CameraStopped(_camera.Id)));
        Receive<ICameraMessage>(m => Sender.Tell(new Camera.MediaError(_camera.Id, MediaErrorNames.InvalidStateError, $"Camera '{_camera.Id}' is stopped; send StartCamera first.")));
        Leftovers();
    }

    /// <summary>Handlers every state puts first: status, and the results of device calls that finish in any state.</summary>
    private void Common()
    {
        Receive<Camera.GetStatus>(_ => Sender.Tell(Status()));
        Receive<Applied>(HandleApplied);
        Receive<PhotoDone>(HandlePhotoDone);
        Receive<ExpireWaiting>(_ => ExpireWaitingCommands());
        Receive<StageFailed>(HandleStageFailed);
        Receive<Camera.GetPipeline>(_ => Sender.Tell(PipelineReport()));
    }

    /// <summary>Handlers every state puts last: signals of a track or timer that no longer matter.</summary>
    private void Leftovers()
    {
        Receive<TrackEnded>(_ => { });
        Receive<HealthTick>(_ => { });
        Receive<Reconnect>(_ => { });
    }

    private void HandleCommand(ICameraMessage message, IActorRef sender)
    {
        var track = _track!;
        var capture = _capture!;
        var id = _camera.Id;
        switch (message)
        {
            case Camera.GetCapabilities:
                sender.Tell(new Camera.TrackCapabilities(id, track.GetCapabilities()));
                break;
            case Camera.GetConstraints:
                sender.Tell(new Camera.TrackConstraints(id, track.GetConstraints()));
                break;
            case Camera.GetSettings:
                sender.Tell(new Camera.TrackSettings(id, track.GetSettings()));
                break;
            case Camera.ApplyConstraints apply:
                var constraints = apply.Constraints ?? new MediaTrackConstraints();
                ApplyAsync(track, constraints).PipeTo(Self, success: s => new Applied(sender, constraints, s, null), failure: e => new Applied(sender, constraints, null, e));
                break;
            case Camera.GetPhotoCapabilities:
                capture.GetPhotoCapabilitiesAsync().PipeTo(sender, success: c => new Camera.CurrentPhotoCapabilities(id, c), failure: e => Camera.MediaError.From(id, e));
                break;
            case Camera.GetPhotoSettings:
                capture.GetPhotoSettingsAsync().PipeTo(sender, success: s => new Camera.CurrentPhotoSettings(id, s), failure: e => Camera.MediaError.From(id, e));
                break;
            case Camera.TakePhoto photo:
                var settings = Merge(Desired.PhotoSettings, photo.Settings);
                capture.TakePhotoAsync(settings).PipeTo(Self, success: p => new PhotoDone(sender, settings, p), failure: e => new PhotoDone(sender, settings, null, e));
                break;
            case Camera.GrabFrame grab:
                GrabAsync(id, capture, grab.Type).PipeTo(sender, failure: e => Camera.MediaError.From(id, e));
                break;
            case Camera.StopCamera:
                StopDevice(sender);
                break;
            case Camera.StartCamera:
                sender.Tell(new Camera.CameraStarted(id));
                break;
            default:
                sender.Tell(new Camera.MediaError(id, Camera.MediaError.TypeError, $"{message.GetType().Name} is not a camera command."));
                break;
        }
    }

    private void StartOpening()
    {
        Timers.Cancel(TimerKeys.Reconnect);
        _retryDelay = null;
        _pipeline ??= StartPipeline();
        var devices = new MediaDevices([_driver], new MediaDevicesOptions { GrabFrameTimeout = _rig.Commands.GrabFrameTimeout });
        OpenAsync(devices, Desired.Constraints, _closing).PipeTo(Self, failure: e => new DeviceFailed(devices, e));
        Become(Opening);
    }

    private void HandleOpened(DeviceOpened opened)
    {
        (_devices, _track, _capture) = (opened.Devices, opened.Track, new ImageCapture(opened.Track));
        _pipeline?.Attach(opened.Track);
        var self = Self;
        var track = opened.Track;
        track.Ended += (_, _) => self.Tell(new TrackEnded(track));
        _liveSince = _lastFrameAt = Now;
        _lastFrameCount = 0;
        if (_downSince is { } down)
        {
            _gaps.Enqueue((_liveSince, _liveSince - down));
            _downSince = null;
        }

        if (_openedBefore)
        {
            _log.Info("Camera {0} reopened with a new track and re-applied its constraints{1}", _camera.Id, opened.Problem is null ? string.Empty : $" (could not: {opened.Problem})");
            Context.System.EventStream.Publish(new CameraConstraintsReapplied(_camera.Id, Desired.Constraints, track.GetSettings(), opened.Problem));
        }
        else if (opened.Problem is not null)
        {
            _log.Warning("Camera {0} opened, but its configured constraints could not be applied: {1}", _camera.Id, opened.Problem);
        }

        _openedBefore = true;
        SetHealth(CameraHealth.Healthy, "live");
        Timers.StartPeriodicTimer(TimerKeys.Health, HealthTick.Instance, _rig.Health.CheckInterval);
        Become(Live);
        while (_waiting.TryDequeue(out var waiting))
        {
            HandleCommand(waiting.Message, waiting.Sender);
        }
    }

    private void HandleTrackEnded(TrackEnded ended)
    {
        if (ended.Track != _track)
        {
            return;
        }

        var devices = _devices;
        (_devices, _track, _capture) = (null, null, null);
        HandleFailure(ended.Track.EndedBy ?? new IOException("The track ended."), devices);
    }

    /// <summary>Counts a device failure, logs it once, and schedules the next attempt with back-off and jitter.</summary>
    private void HandleFailure(Exception error, MediaDevices? devices)
    {
        _closing = devices is null ? Task.CompletedTask : devices.DisposeAsync().AsTask();
        Timers.Cancel(TimerKeys.Health);
        if (_openedBefore)
        {
            _downSince ??= Now; // a gap is a break between frames: none before the first
        }
        _failures++;
        RigMeter.Restarts.Add(1, new KeyValuePair<string, object?>("camera", _camera.Id.Value));
        _lastError = (error is MediaException { InnerException: { } cause } ? cause : error).Message;
        Record(_restarts);
        var supervision = _rig.Supervision;
        var delay = _failures > supervision.FailedAfter ? supervision.MaxBackoff : supervision.BackoffFor(_failures);
        delay *= 1 + (Random.Shared.NextDouble() * supervision.RandomFactor);
        _retryDelay = delay;
        _log.Warning("Camera {0} failed ({1} in a row), reopening in {3:0.###} s: {2}", _camera.Id, _failures, _lastError, delay.TotalSeconds);
        SetHealth(_failures >= supervision.FailedAfter ? CameraHealth.Failed : CameraHealth.Reconnecting, _lastError);
        Timers.StartSingleTimer(TimerKeys.Reconnect, Reconnect.Instance, delay);
        Become(Reconnecting);
    }

    private void CheckHealth()
    {
        if (_track is not { } track)
        {
            return;
        }

        var now = Now;
        long frames = track.Stats.DeliveredFrames;
        if (frames != _lastFrameCount)
        {
            _lastFrameCount = frames;
            _lastFrameAt = now;
            if (_health == CameraHealth.Stalled)
            {
                SetHealth(CameraHealth.Healthy, "frames resumed");
            }
        }
        else if (_health == CameraHealth.Healthy && now - _lastFrameAt > _rig.Health.StallTimeoutFor(track.GetSettings().FrameRate, _camera.StallTimeout))
        {
            Record(_stalls);
            RigMeter.Stalls.Add(1, new KeyValuePair<string, object?>("camera", _camera.Id.Value));
            SetHealth(CameraHealth.Stalled, $"no frame for {(now - _lastFrameAt).TotalSeconds:0.#} s");
        }

        if (_failures > 0 && _health == CameraHealth.Healthy && now - _liveSince >= _rig.Supervision.ResetAfter)
        {
            _failures = 0;
        }
    }

    private void HandleApplied(Applied applied)
    {
        if (applied.Error is not null)
        {
            applied.Sender.Tell(Camera.MediaError.From(_camera.Id, applied.Error));
            return;
        }

        Desired = Desired with { Constraints = applied.Constraints };
        applied.Sender.Tell(new Camera.TrackSettings(_camera.Id, applied.Settings!));
    }

    private void HandlePhotoDone(PhotoDone done)
    {
        if (done.Photo is null)
        {
            done.Sender.Tell(Camera.MediaError.From(_camera.Id, done.Error!));
            return;
        }

        Desired = Desired with { PhotoSettings = done.Settings };
        done.Sender.Tell(new Camera.PhotoTaken(_camera.Id, done.Photo.Bytes.ToArray(), done.Photo.Type));
    }

    private void StopDevice(IActorRef sender)
    {
        Timers.Cancel(TimerKeys.Health);
        var (devices, pipeline) = (_devices, _pipeline);
        (_devices, _track, _capture, _pipeline) = (null, null, null, null);
        Desired = Desired with { Running = false };
        _closing = CloseAsync(devices, pipeline);
        _closing.PipeTo(sender, success: () => new Camera.CameraStopped(_camera.Id));
        SetHealth(CameraHealth.Stopped, "stopped on request");
        Become(Stopped);
    }

    private void Wait(ICameraMessage message)
    {
        if (_rig.Commands.ReconnectWait == TimeSpan.Zero && _health != CameraHealth.Opening)
        {
            Sender.Tell(NotLive());
            return;
        }

        _waiting.Enqueue(new Waiting(message, Sender, Now + _rig.Commands.ReconnectWait));
        if (!Timers.IsTimerActive(TimerKeys.Expire))
        {
            Timers.StartPeriodicTimer(TimerKeys.Expire, ExpireWaiting.Instance, TimeSpan.FromTicks(Math.Max(_rig.Commands.ReconnectWait.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks)));
        }
    }

    private void ExpireWaitingCommands()
    {
        var now = Now;
        while (_waiting.TryPeek(out var oldest) && oldest.Deadline <= now)
        {
            _waiting.Dequeue().Sender.Tell(NotLive());
        }

        if (_waiting.Count == 0)
        {
            Timers.Cancel(TimerKeys.Expire);
        }
    }

    private Camera.MediaError NotLive() => new(
        _camera.Id,
        MediaErrorNames.InvalidStateError,
        $"Camera '{_camera.Id}' is {_health.ToString().ToLowerInvariant()} and did not come back within {_rig.Commands.ReconnectWait.TotalSeconds:0.###} s{(_lastError is null ? string.Empty : $"; last error: {_lastError}")}.");

    private void SetHealth(CameraHealth health, string? reason)
    {
        if (health == _health && health != CameraHealth.Opening)
        {
            return;
        }

        var previous = _health;
        (_health, _since) = (health, Now);
        RigMeter.Cameras.Add(-1, new("camera", _camera.Id.Value), new("health", previous.ToString()));
        RigMeter.Cameras.Add(1, new("camera", _camera.Id.Value), new("health", health.ToString()));
        _log.Info("Camera {0}: {1} -> {2} ({3})", _camera.Id, previous, health, reason);
        Context.System.EventStream.Publish(new CameraStateChanged(_camera.Id, previous, health, reason, _since));
    }

    private CameraStatus Status()
    {
        var stats = _track?.Stats;
        return new CameraStatus(
            _camera.Id,
            _camera.Label,
            _camera.Source,
            _health,
            _since,
            _lastError,
            _failures,
            _retryDelay,
            Count(_restarts),
            Count(_stalls),
            stats?.DeliveredFrames ?? 0,
            stats?.DiscardedFrames ?? 0,
            _pipelineError,
            RecentGaps().Count,
            RecentGaps().Aggregate(TimeSpan.Zero, (sum, gap) => sum + gap.Length),
            _gaps.Count > 0 ? _gaps.Last().Length : null);
    }

    /// <summary>Closes the device, then lets the pipeline drain and close its files.</summary>
    private static async Task CloseAsync(MediaDevices? devices, CameraPipeline? pipeline)
    {
        if (devices is not null)
        {
            await devices.DisposeAsync().ConfigureAwait(false);
        }

        if (pipeline is not null)
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
        }
    }

    private CameraPipeline? StartPipeline()
    {
        var self = Self;
        try
        {
            return PipelineFactory.Start(_camera, _rig.Recording, _liveViews, (stage, error) => self.Tell(new StageFailed(stage, error)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CaptureConfigurationException)
        {
            _pipelineError = e.Message;
            _log.Error(e, "Camera {0}: its pipeline could not start; it runs without recording", _camera.Id);
            return null;
        }
    }

    private void HandleStageFailed(StageFailed failed)
    {
        // Each stage reports only its first error; its frames are dropped and counted from then on.
        _pipelineError = $"{failed.Stage}: {failed.Error.Message}";
        _log.Error(failed.Error, "Camera {0}: pipeline stage {1} failed; its frames are dropped and counted", _camera.Id, failed.Stage);
    }

    private Camera.PipelineReport PipelineReport() => new(
        _camera.Id,
        [.. (_pipeline?.Metrics ?? []).Select(m => new Camera.StageReport(
            m.Stage,
            m.FramesIn,
            m.FramesOut,
            Enum.GetValues<DropReason>().Where(r => m.Dropped(r) > 0).ToImmutableDictionary(r => r.ToString(), m.Dropped),
            m.Latency.Percentile(0.5),
            m.Latency.Percentile(0.99),
            m.Errors))]);

    private Queue<(DateTimeOffset At, TimeSpan Length)> RecentGaps()
    {
        while (_gaps.TryPeek(out var oldest) && Now - oldest.At > s_hour)
        {
            _gaps.Dequeue();
        }

        return _gaps;
    }

    private static void Record(Queue<DateTimeOffset> events)
    {
        events.Enqueue(Now);
        Count(events);
    }

    private static int Count(Queue<DateTimeOffset> events)
    {
        while (events.TryPeek(out var oldest) && Now - oldest > s_hour)
        {
            events.Dequeue();
        }

        return events.Count;
    }

    private static PhotoSettings Merge(PhotoSettings desired, PhotoSettings? request) => request is null ? desired : new PhotoSettings
    {
        FillLightMode = request.FillLightMode ?? desired.FillLightMode,
        RedEyeReduction = request.RedEyeReduction ?? desired.RedEyeReduction,
        ImageWidth = request.ImageWidth ?? (request.ImageHeight is null ? desired.ImageWidth : null),
        ImageHeight = request.ImageHeight ?? (request.ImageWidth is null ? desired.ImageHeight : null),
    };

    private static async Task<DeviceOpened> OpenAsync(MediaDevices devices, MediaTrackConstraints desired, Task previousClose)
    {
        await previousClose.ConfigureAwait(false);
        var stream = await devices.GetUserMediaAsync(new MediaStreamConstraints { Video = true }).ConfigureAwait(false);
        var track = stream.GetVideoTracks()[0];
        try
        {
            await track.ApplyConstraintsAsync(desired).ConfigureAwait(false);
            return new DeviceOpened(devices, track, null);
        }
        catch (Exception e) when (e is OverconstrainedException or ArgumentException)
        {
            // The camera works; what it was asked for no longer fits it. Keep it running and say so.
            return new DeviceOpened(devices, track, e.Message);
        }
    }

    private static async Task<MediaTrackSettings> ApplyAsync(MediaStreamTrack track, MediaTrackConstraints constraints)
    {
        await track.ApplyConstraintsAsync(constraints).ConfigureAwait(false);
        return track.GetSettings();
    }

    private static async Task<Camera.FrameGrabbed> GrabAsync(CameraId id, ImageCapture capture, string type)
    {
        var encoder = type switch
        {
            "image/png" => ImageEncoders.Png,
            "image/jpeg" => ImageEncoders.Jpeg,
            _ => throw new ArgumentException($"Cannot encode a frame as '{type}'; use image/png or image/jpeg."),
        };
        using var frame = await capture.GrabFrameAsync().ConfigureAwait(false);
        var output = new ArrayBufferWriter<byte>(frame.Length / 4);
        encoder.Encode(ImageView.Of(frame), 90, output);
        return new Camera.FrameGrabbed(id, output.WrittenSpan.ToArray(), encoder.MimeType, frame.Width, frame.Height, frame.Sequence, frame.Info.UtcTime);
    }

    private sealed record StageFailed(string Stage, Exception Error);

    private sealed record Waiting(ICameraMessage Message, IActorRef Sender, DateTimeOffset Deadline);

    private sealed record DeviceOpened(MediaDevices Devices, MediaStreamTrack Track, string? Problem);

    private sealed record DeviceFailed(MediaDevices Devices, Exception Error);

    private sealed record TrackEnded(MediaStreamTrack Track);

    private sealed record Applied(IActorRef Sender, MediaTrackConstraints Constraints, MediaTrackSettings? Settings, Exception? Error);

    private sealed record PhotoDone(IActorRef Sender, PhotoSettings Settings, Photo? Photo, Exception? Error = null);

    private sealed class Reconnect
    {
        public static readonly Reconnect Instance = new();

        private Reconnect()
        {
        }
    }

    private sealed class HealthTick
    {
        public static readonly HealthTick Instance = new();

        private HealthTick()
        {
        }
    }

    private sealed class ExpireWaiting
    {
        public static readonly ExpireWaiting Instance = new();

        private ExpireWaiting()
        {
        }
    }

    private static class TimerKeys
    {
        public const string Reconnect = "reconnect";
        public const string Health = "health";
        public const string Expire = "expire-waiting";
    }
}
