using Akka.Event;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Cameras;

/// <summary>A camera's pipeline as its actor owns it: started once, fed each new track, judged for losses, closed after the device; its motion events go to <c>motion</c>.</summary>
internal sealed class CameraPipelineOwner(CameraSettings camera, CaptureSettings rig, LiveViews? liveViews, ILoggingAdapter log, Func<DateTimeOffset> now, Action<MotionEvent> motion)
{
    private readonly PipelineLossWindow _losses = new(rig.Health.LossWindow, rig.Health.MaxLoss, now);
    private CameraPipeline? _pipeline;
    private bool _started;

    /// <summary>The first error of a stage or sink (or of the start), until the camera is healthy again.</summary>
    public string? Error { get; private set; }

    public IReadOnlyList<StageMetrics> Metrics => _pipeline?.Metrics ?? [];

    /// <summary>Starts the pipeline if it is not running (a camera whose pipeline cannot start runs without recording) and attaches the track.</summary>
    public void Start(StageFault fault)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        try
        {
            _pipeline = PipelineFactory.Start(camera, rig.Recording, liveViews, fault, motion);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CaptureConfigurationException)
        {
            Error = e.Message;
            log.Error(e, "Camera {Camera}: its pipeline could not start; it runs without recording", camera.Id);
        }
    }

    public void Attach(MediaStreamTrack track) => _pipeline?.Attach(track);

    /// <summary>Each stage reports only its first error; its frames are dropped and counted from then on, and the camera turns Degraded.</summary>
    public void Failed(string stage, Exception error)
    {
        Error = $"{stage}: {error.Message}";
        log.Error(error, "Camera {Camera}: pipeline stage {Stage} failed; its frames are dropped and counted", camera.Id, stage);
    }

    /// <summary>What the pipeline lost in the last full window, in words (null: nothing).</summary>
    public string? Loss() => _pipeline is null ? null : _losses.Check(_pipeline.Metrics);

    /// <summary>The camera left the rig: its live view and snapshot answer 404 from now on.</summary>
    public void Forget() => liveViews?.Remove(camera.Id);

    /// <summary>The camera recovered: the error no longer describes it.</summary>
    public void Recovered() => Error = null;

    /// <summary>Once <paramref name="deviceClosed"/> has ended, lets the pipeline drain and close its files; the next start begins a new one.</summary>
    public Task CloseAfter(Task deviceClosed)
    {
        var pipeline = _pipeline;
        (_pipeline, _started) = (null, false);
        return pipeline is null ? deviceClosed : deviceClosed.ContinueWith(_ => pipeline.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();
    }
}
