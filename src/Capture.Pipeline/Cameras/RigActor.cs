using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;

namespace Capture.Pipeline.Cameras;

/// <summary>Supervises one <see cref="CameraActor"/> per camera (child <c>camera-{id}</c>) and routes commands to them.</summary>
internal sealed class RigActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CameraDriverFactory _drivers;
    private readonly LiveViews? _liveViews;
    private readonly Dictionary<CameraId, Child> _cameras = [];
    private readonly Dictionary<IActorRef, CameraSettings> _replacements = [];
    private CaptureSettings _settings;

    public RigActor(CaptureSettings settings, CameraDriverFactory drivers, LiveViews? liveViews)
    {
        _liveViews = liveViews;
        _settings = settings;
        _drivers = drivers;
        Receive<Rig.GetCameras>(_ => HandleGetCameras());
        Receive<Rig.Reconfigure>(HandleReconfigure);
        Receive<Rig.Shutdown>(_ => HandleShutdown());
        Receive<Terminated>(HandleTerminated);
        Receive<ICameraCommand>(Route);
    }

    protected override void PreStart()
    {
        foreach (var camera in _settings.Cameras)
        {
            Start(camera);
        }
    }

    protected override SupervisorStrategy SupervisorStrategy() => CameraSupervision.Strategy;

    private void Route(ICameraCommand message)
    {
        if (_cameras.TryGetValue(message.CameraId, out var child))
        {
            child.Ref.Forward(message);
        }
        else
        {
            Sender.Tell(new Camera.MediaError(message.CameraId, MediaErrorNames.NotFoundError, $"There is no camera '{message.CameraId}' in the rig."));
        }
    }

    private void HandleGetCameras()
    {
        // Each camera answers GetStatus at once in any state.
        StatusPoll.AskAllAsync(_cameras.Values.Select(c => c.Settings), camera => _cameras[camera.Id].Ref, _settings.Commands.AskTimeout, "did not answer").PipeTo(Sender);
    }

    private void HandleReconfigure(Rig.Reconfigure reconfigure)
    {
        var next = reconfigure.Settings.Cameras.ToDictionary(c => c.Id);
        var removed = _cameras.Keys.Where(id => !next.ContainsKey(id)).ToImmutableArray();
        var added = next.Keys.Where(id => !_cameras.ContainsKey(id)).ToImmutableArray();
        var changed = next.Values.Where(c => _cameras.TryGetValue(c.Id, out var child) && child.Settings.Fingerprint != c.Fingerprint).Select(c => c.Id).ToImmutableArray();
        _settings = reconfigure.Settings;
        foreach (var id in removed)
        {
            Retire(id, replacement: null);
        }

        foreach (var id in changed)
        {
            Retire(id, replacement: next[id]);
        }

        foreach (var id in added)
        {
            Start(next[id]);
        }

        _log.Info("Rig reconfigured: added [{Added}], removed [{Removed}], changed [{Changed}]", string.Join(", ", added), string.Join(", ", removed), string.Join(", ", changed));
        Sender.Tell(new Rig.Reconfigured(added, removed, changed));
    }

    private void HandleShutdown()
    {
        var timeout = _settings.Commands.AskTimeout;
        var asks = _cameras.Values.Select(async child =>
        {
            try
            {
                await child.Ref.Ask<Camera.CameraStopped>(CameraSignals.Shutdown.Instance, timeout).ConfigureAwait(false);
                return (child.Settings.Id, Stopped: true);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return (child.Settings.Id, Stopped: false);
            }
        });
        Task.WhenAll(asks).PipeTo(Sender, success: results => new Rig.ShutdownComplete(
            [.. results.Where(r => r.Stopped).Select(r => r.Id)],
            [.. results.Where(r => !r.Stopped).Select(r => r.Id)]));
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (_replacements.Remove(terminated.ActorRef, out var replacement))
        {
            Start(replacement);
            return;
        }

        // Stopped by the supervisor strategy (invalid configuration, or crashing in a loop).
        var lost = _cameras.FirstOrDefault(c => c.Value.Ref.Equals(terminated.ActorRef));
        if (lost.Value is not null)
        {
            _log.WithContext("CameraId", lost.Key.ToString()).Error("Camera {Camera} stopped for good after repeated failures; fix its configuration and reload", lost.Key);
            _cameras.Remove(lost.Key);
        }
    }

    private void Start(CameraSettings camera)
    {
        // A camera removed and added back before its old actor stopped: start it once the name is free.
        if (Context.Child($"camera-{camera.Id}") is var previous && !previous.IsNobody())
        {
            _replacements[previous] = camera;
            return;
        }

        var child = Context.ActorOf(Camera.Props(camera, _settings, _drivers, _liveViews), $"camera-{camera.Id}");
        Context.Watch(child);
        _cameras[camera.Id] = new Child(child, camera);
    }

    private void Retire(CameraId id, CameraSettings? replacement)
    {
        var child = _cameras[id];
        _cameras.Remove(id);
        if (replacement is not null)
        {
            _replacements[child.Ref] = replacement;
        }

        // After any command already queued: it closes its device and pipeline, then stops (Terminated starts the replacement).
        child.Ref.Tell(CameraSignals.Retire.Instance);
    }

    private sealed record Child(IActorRef Ref, CameraSettings Settings);
}
