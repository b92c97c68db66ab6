using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Capture.Core.Drivers;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using static Capture.Pipeline.Cameras.CameraSignals;

namespace Capture.Pipeline.Cameras;

/// <summary>Owns one camera: its device, pipeline, desired state and health.</summary>
/// <remarks>
/// States: Stopped → Opening → Live ⇄ Reconnecting, and Stop works in each. A device failure ends the track (W3C
/// 'ended'); the actor reopens it after a back-off, gets a new track and re-applies the desired constraints. Commands
/// that need a live device wait in the stash, in order, and fail with InvalidStateError after <c>reconnect-wait</c>.
/// Device I/O never blocks the mailbox: results come back as messages. The parts: <see cref="CameraDevice"/> (open,
/// track, close), <see cref="CameraHealthMonitor"/> (health, back-off, outages), <see cref="WaitingCommands"/>.
/// </remarks>
internal sealed class CameraActor : ReceiveActor, IWithTimers, IWithStash
{
    private readonly ILoggingAdapter _log;
    private readonly CameraSettings _camera;
    private readonly CaptureSettings _rig;
    private readonly DesiredState _configured;
    private readonly CameraDevice _device;
    private readonly CameraHealthMonitor _health;
    private readonly CameraPipelineOwner _pipeline;
    private readonly WaitingCommands _waiting;
    private readonly Queue<(long Version, Action Then)> _unrecorded = new();
    private DesiredState _desired;
    private readonly string? _node;
    private IActorRef? _keeper;
    private long _version;

    public CameraActor(CameraSettings camera, CaptureSettings rig, CameraDriverFactory drivers, LiveViews? liveViews, DeviceGate gate)
    {
        (_camera, _rig) = (camera, rig);
        _configured = _desired = new DesiredState(camera.Constraints, new PhotoSettings());
        _log = Context.GetLogger().WithContext("CameraId", camera.Id.ToString()); // every line of this camera carries its id as a property
        var scheduler = Context.System.Scheduler;
        _device = new CameraDevice(drivers(camera), new MediaDevicesOptions { GrabFrameTimeout = rig.Commands.GrabFrameTimeout }, gate);
        _health = new CameraHealthMonitor(camera.Id, rig.Supervision, () => scheduler.Now);
        var events = Context.System.EventStream;
        _pipeline = new CameraPipelineOwner(camera, rig, liveViews, _log, () => scheduler.Now, motion => events.Publish(motion));
        _waiting = new WaitingCommands(rig.Commands.ReconnectWait);
        // The node it runs on, when the actor system is a cluster's (its address then has a host).
        _node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress is { HasGlobalScope: true } address ? address.ToString() : null;
        Become(Recalling);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    private CameraId Id => _camera.Id;

    private static DateTimeOffset Now => Context.System.Scheduler.Now;

    private ImageCapture Capture => _device.Capture!;

    protected override void PreStart()
    {
        // After a crash the keeper is still there (see PreRestart) and answers with what it was last told.
        _keeper = Keeper();
        _keeper.Tell(DesiredStates.Recall.Instance);
        Timers.StartSingleTimer(TimerKeys.Keeper, KeeperOverdue.Instance, _rig.State.Timeout);
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // Unlike the default, the desired-state keeper is not stopped: a change it has not yet written survives the crash.
        PostStop();
    }

    protected override void PostStop()
    {
        // After a Retire all is closed already; after a crash the close joins the gate, which the next incarnation's open awaits.
        _health.Leave();
        Written(_version); // what waits for the keeper is answered: the keeper goes on writing, or goes away with this actor
        _device.Dispose(CloseAll());
    }

    protected override void Unhandled(object message)
    {
        // Signals of a track, timer or open that no longer matter in this state; an open that finished after a stop is closed.
        if (message is CameraDevice.Opened stale)
        {
            _device.Accept(stale);
        }
        else if (message is not (TrackEnded or HealthTick or Reconnect or ExpireWaiting or DeviceFailed or DesiredStates.Recalled or KeeperOverdue))
        {
            base.Unhandled(message);
        }
    }

    /// <summary>Until the keeper has read the journal (the pipeline is not built yet): all but status and retirement waits in the stash.</summary>
    private void Recalling()
    {
        Receive<DesiredStates.Recalled>(Recalled);
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_keeper), terminated =>
        {
            KeeperStopped(terminated);
            Recalled(new DesiredStates.Recalled(_desired));
        });
        Receive<KeeperOverdue>(_ =>
        {
            _log.Warning("Camera {Camera}: its desired state was not read within {Timeout} s; it starts from the configuration", Id, _rig.State.Timeout.TotalSeconds);
            Recalled(new DesiredStates.Recalled(_desired));
        });
        Receive<Camera.GetStatus>(_ => Sender.Tell(Status()));
        Receive<Retire>(_ => Retiring());
        ReceiveAny(_ => Stash.Stash());
    }

    private void Stopped()
    {
        Common();
        Receive<Camera.StartCamera>(_ => Start());
        Receive<Camera.StopCamera>(_ => Sender.Tell(new Camera.CameraStopped(Id)));
        Receive<Shutdown>(_ => Sender.Tell(new Camera.CameraStopped(Id)));
        Receive<ICameraCommand>(_ => Sender.Tell(Error(MediaErrorNames.InvalidStateError, "is stopped; send StartCamera first")));
    }

    private void Opening()
    {
        Common();
        Receive<CameraDevice.Opened>(Opened);
        Receive<DeviceFailed>(failed => Failed(failed.Error));
        Receive<Camera.StopCamera>(_ => Stop());
        Receive<Shutdown>(_ => ShutDown());
        Receive<ICameraCommand>(_ => WaitUntilLive());
    }

    private void Live()
    {
        Common();
        Receive<Camera.GetCapabilities>(_ => Sender.Tell(new Camera.TrackCapabilities(Id, _device.Track!.GetCapabilities())));
        Receive<Camera.GetConstraints>(_ => Sender.Tell(new Camera.TrackConstraints(Id, _device.Track!.GetConstraints())));
        Receive<Camera.GetSettings>(_ => Sender.Tell(new Camera.TrackSettings(Id, _device.Track!.GetSettings())));
        Receive<Camera.ApplyConstraints>(ApplyConstraints);
        Receive<Camera.GetPhotoCapabilities>(_ => Capture.GetPhotoCapabilitiesAsync().ReplyTo(Sender, Id, c => new Camera.CurrentPhotoCapabilities(Id, c), Self));
        Receive<Camera.GetPhotoSettings>(_ => Capture.GetPhotoSettingsAsync().ReplyTo(Sender, Id, s => new Camera.CurrentPhotoSettings(Id, s), Self));
        Receive<Camera.TakePhoto>(TakePhoto);
        Receive<Camera.GrabFrame>(grab => Camera.FrameGrabbed.GrabAsync(Id, Capture, grab.Type).ReplyTo(Sender, Id, frame => frame, Self));
        Receive<Camera.Trigger>(_ => _device.TriggerAsync().ReplyTo(Sender, Id, Triggered, Self));
        Receive<Camera.StartTogether>(start => _device.StartTogetherAsync(Id, start.Barrier).ReplyTo(Sender, Id, Triggered, Self));
        Receive<Camera.GetFeature>(get => _device.ReadFeatureAsync(get.Name).ReplyTo(Sender, Id, value => new Camera.Feature(Id, get.Name, value), Self));
        Receive<Camera.SetFeature>(SetFeature);
        Receive<Camera.StartCamera>(_ => Sender.Tell(new Camera.CameraStarted(Id)));
        Receive<Camera.StopCamera>(_ => Stop());
        Receive<Shutdown>(_ => ShutDown());
        Receive<TrackEnded>(ended => ended.Track == _device.Track, ended => Failed(ended.Track.EndedBy ?? new IOException("The track ended.")));
        Receive<HealthTick>(_ => CheckHealth());
    }

    private void Reconnecting()
    {
        Common();
        Receive<Reconnect>(_ => Open());
        Receive<Camera.StopCamera>(_ => Stop());
        Receive<Shutdown>(_ => ShutDown());
        Receive<ICameraCommand>(_ => WaitUntilLive());
    }

    /// <summary>What every state answers first: status, counters, results of device calls that finish in any state, retirement.</summary>
    private void Common()
    {
        Receive<Camera.GetStatus>(_ => Sender.Tell(Status()));
        Receive<Camera.GetPipeline>(_ => Sender.Tell(Camera.PipelineReport.Of(Id, _pipeline.Metrics)));
        Receive<Applied>(applied => Remember(_desired with { Constraints = applied.Constraints }, () => applied.ReplyTo.Tell(applied.Reply)));
        Receive<PhotoTaken>(taken => Remember(_desired with { PhotoSettings = taken.Settings }, () => taken.ReplyTo.Tell(taken.Reply)));
        Receive<FeatureWritten>(written => Remember(_desired.WithFeature(written.Name, written.Value), () => written.ReplyTo.Tell(written.Reply)));
        Receive<DesiredStates.Recorded>(recorded => Written(recorded.Version));
        Receive<KeeperOverdue>(_ => Unrecorded());
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_keeper), KeeperStopped);
        Receive<ExpireWaiting>(_ => ExpireOverdue());
        Receive<StageFailed>(failed => _pipeline.Failed(failed.Stage, failed.Error));
        Receive<Retire>(_ => Retiring());
    }

    // A triggered camera exposes only when told: no frame is no stall (its driver notices a camera that stops answering).
    private TimeSpan StallTimeout(MediaStreamTrack track) => _camera.Trigger == TriggerMode.Off
        ? _rig.Health.StallTimeoutFor(track.GetSettings().FrameRate, _camera.StallTimeout)
        : TimeSpan.MaxValue;

    private CameraStatus Status() => _health.Status(_camera, _device.Track?.Stats, _pipeline.Error) with { Node = _node };

    private void Recalled(DesiredStates.Recalled recalled)
    {
        Timers.Cancel(TimerKeys.Keeper);
        _desired = recalled.State;
        _device.KeepFeatures(_desired.Features ?? []);
        Stash.UnstashAll();
        if (_desired.Running)
        {
            Open();
        }
        else
        {
            Apply(_health.Stopped("stopped on request before a restart"));
            Become(Stopped);
        }
    }

    private void Start()
    {
        Remember(_desired with { Running = true });
        Apply(_health.Opening());
        Open();
        WaitUntilLive(); // answered CameraStarted once live
    }

    private void Open()
    {
        var self = Self;
        _pipeline.Start((stage, error) => self.Tell(new StageFailed(stage, error)));
        _device.OpenAsync(_desired.Constraints).PipeTo(Self, failure: e => new DeviceFailed(e));
        Become(Opening);
    }

    private void Opened(CameraDevice.Opened opened)
    {
        if (!_device.Accept(opened))
        {
            return;
        }

        _pipeline.Attach(opened.Track);
        var self = Self;
        opened.Track.Ended += (_, _) => self.Tell(new TrackEnded(opened.Track));
        if (_health.OpenedBefore)
        {
            _log.Info("Camera {Camera} reopened with a new track and re-applied its constraints{Problem}", Id, opened.Problem is null ? string.Empty : $" (could not: {opened.Problem})");
            Context.System.EventStream.Publish(new CameraConstraintsReapplied(Id, _desired.Constraints, opened.Track.GetSettings(), opened.Problem));
        }
        else if (opened.Problem is not null)
        {
            _log.Warning("Camera {Camera} opened, but its configured constraints could not be applied: {Problem}", Id, opened.Problem);
        }

        Apply(_health.Live());
        Timers.StartPeriodicTimer(TimerKeys.Health, HealthTick.Instance, _rig.Health.CheckInterval);
        Become(Live);
        _waiting.Release(Stash, Timers);
    }

    /// <summary>Closes the device, counts the failure, logs it once, and schedules the next open with back-off and jitter.</summary>
    private void Failed(Exception error)
    {
        _device.Close();
        Timers.Cancel(TimerKeys.Health);
        string why = (error is MediaException { InnerException: { } cause } ? cause : error).Message;
        var (delay, change) = _health.Failed(why);
        _log.Warning("Camera {Camera} failed ({Failures} in a row), reopening in {DelaySeconds} s: {Reason}", Id, _health.Failures, Math.Round(delay.TotalSeconds, 3), why);
        Apply(change);
        Timers.StartSingleTimer(TimerKeys.Reconnect, Reconnect.Instance, delay);
        Become(Reconnecting);
    }

    private void CheckHealth()
    {
        var track = _device.Track!;
        var change = _health.Check(track.Stats.DeliveredFrames, StallTimeout(track), _pipeline.Loss());
        if (change is { Previous: CameraHealth.Degraded, Current: CameraHealth.Healthy })
        {
            _pipeline.Recovered();
        }

        Apply(change);
    }

    private void ApplyConstraints(Camera.ApplyConstraints apply)
    {
        var constraints = apply.Constraints ?? new MediaTrackConstraints();
        var sender = Sender;
        _device.ApplyAsync(constraints).ReplyTo(sender, Id, settings => new Camera.TrackSettings(Id, settings), Self, (_, reply) => new Applied(constraints, sender, reply));
    }

    private void TakePhoto(Camera.TakePhoto photo)
    {
        // In flight when the track ends, a photo fails at once with OperationError (its source cancels it): it never holds up the reconnect.
        var settings = _desired.PhotoFor(photo.Settings);
        var sender = Sender;
        Capture.TakePhotoAsync(settings).ReplyTo(sender, Id, taken => new Camera.PhotoTaken(Id, taken.Bytes.ToArray(), taken.Type, taken.CapturedAt), Self, (_, reply) => new PhotoTaken(settings, sender, reply));
    }

    private void SetFeature(Camera.SetFeature set)
    {
        var sender = Sender;
        _device.WriteFeatureAsync(set.Name, set.Value).ReplyTo(sender, Id, value => new Camera.Feature(Id, set.Name, value), Self, (_, reply) => new FeatureWritten(set.Name, set.Value, sender, reply));
    }

    private Camera.Triggered Triggered(TriggeredFrame frame)
    {
        var now = DateTimeOffset.UtcNow;
        return new Camera.Triggered(Id, frame.Sequence, frame.DeviceTimestamp, now - Stopwatch.GetElapsedTime(frame.FiredAt), now - Stopwatch.GetElapsedTime(frame.ArrivedAt));
    }

    private void Stop()
    {
        var written = new TaskCompletionSource();
        Remember(_desired with { Running = false }, () => written.TrySetResult());
        ShutDown("stopped on request", written.Task);
    }

    /// <summary>Closes the camera and answers CameraStopped once it is closed and <paramref name="written"/>; a rig shutting down leaves the desired state running.</summary>
    private void ShutDown(string why = "the rig is shutting down", Task? written = null)
    {
        Task.WhenAll(CloseAll(), written ?? Task.CompletedTask).PipeTo(Sender, success: () => new Camera.CameraStopped(Id));
        Apply(_health.Stopped(why));
        Become(Stopped);
    }

    /// <summary>The new desired state: in effect at once; <paramref name="then"/> runs once the keeper has written it (or after <c>capture.state.timeout</c>), in order of changes.</summary>
    private void Remember(DesiredState next, Action? then = null)
    {
        _desired = next;
        _keeper ??= Keeper();
        _keeper.Tell(new DesiredStates.Record(next, ++_version));
        if (then is not null)
        {
            _unrecorded.Enqueue((_version, then));
            WaitForKeeper();
        }
    }

    /// <summary>Runs what waited for every change up to <paramref name="version"/>: replies go out in the order their commands came.</summary>
    private void Written(long version)
    {
        while (_unrecorded.TryPeek(out var waiting) && waiting.Version <= version)
        {
            _unrecorded.Dequeue().Then();
        }

        if (_unrecorded.Count == 0)
        {
            Timers.Cancel(TimerKeys.Keeper);
        }
    }

    private void WaitForKeeper()
    {
        if (_unrecorded.Count > 0 && !Timers.IsTimerActive(TimerKeys.Keeper))
        {
            Timers.StartSingleTimer(TimerKeys.Keeper, KeeperOverdue.Instance, _rig.State.Timeout);
        }
    }

    /// <summary>The journal is slow or failing: what waited for it goes on, as the change is in effect.</summary>
    private void Unrecorded()
    {
        if (_unrecorded.Count > 0)
        {
            _log.Warning("Camera {Camera}: its desired state was not written within {Timeout} s; it is in effect, kept in memory", Id, _rig.State.Timeout.TotalSeconds);
            Written(_version);
        }
    }

    /// <summary>The journal failed (logged by the keeper): what waited for it goes on, as the change is in effect; the next change starts a new keeper.</summary>
    private void KeeperStopped(Terminated terminated)
    {
        _log.Warning("Camera {Camera}: its desired state could not be read or written; it keeps it in memory and tries again at the next change", Id);
        _keeper = null;
        Written(_version);
    }

    private IActorRef Keeper()
    {
        var keeper = Context.Child(DesiredStates.ChildName);
        return Context.Watch(keeper.IsNobody() ? Context.ActorOf(DesiredStates.Props(Id, _configured), DesiredStates.ChildName) : keeper);
    }

    private void Retiring()
    {
        _pipeline.Forget();
        CloseAll().PipeTo(Self, success: () => PoisonPill.Instance);
        Become(Stopped);
    }

    /// <summary>Answers waiting commands, closes the device (open or opening), then lets the pipeline drain and close its files.</summary>
    private Task CloseAll()
    {
        Timers.CancelAll();
        WaitForKeeper(); // a change not yet written still waits, for a while
        foreach (var sender in _waiting.TakeAll(Stash))
        {
            sender.Tell(Error(MediaErrorNames.InvalidStateError, "stopped before the command could run"));
        }

        return _pipeline.CloseAfter(_device.Close());
    }

    private void WaitUntilLive()
    {
        if (_rig.Commands.ReconnectWait == TimeSpan.Zero && _health.Health != CameraHealth.Opening)
        {
            Sender.Tell(NotLive());
            return;
        }

        _waiting.Hold(Stash, Timers, Now, ExpireWaiting.Instance);
    }

    private void ExpireOverdue()
    {
        foreach (var sender in _waiting.TakeOverdue(Stash, Timers, Now))
        {
            sender.Tell(NotLive());
        }
    }

    private Camera.MediaError NotLive() => Error(
        MediaErrorNames.InvalidStateError,
        $"is {_health.Health.ToString().ToLowerInvariant()} and did not come back within {_rig.Commands.ReconnectWait.TotalSeconds:0.###} s{(_health.LastError is null ? string.Empty : $"; last error: {_health.LastError}")}");

    private Camera.MediaError Error(string name, string what) => new(Id, name, $"Camera '{Id}' {what}.");

    private void Apply(HealthChange? change)
    {
        if (change is { } c)
        {
            _log.Info("Camera {Camera}: {Previous} -> {Current} ({Reason})", Id, c.Previous, c.Current, c.Reason);
            Context.System.EventStream.Publish(new CameraStateChanged(Id, c.Previous, c.Current, c.Reason, c.At));
        }
    }

    private static class TimerKeys
    {
        public const string Reconnect = "reconnect";
        public const string Health = "health";
        public const string Keeper = "keeper";
    }
}
