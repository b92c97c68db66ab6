using Capture.Core.Media;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Diagnostics;

namespace Capture.Pipeline.Cameras;

/// <summary>A camera's health, back-off and outage accounting, on a clock passed in (the actor passes its scheduler's, tests a TestScheduler's).</summary>
/// <remarks>
/// Every method returns the change of state it made, or null, so the actor logs and publishes exactly the changes.
/// Stalled (no frames) outranks Degraded (frames, but the pipeline loses them), which outranks Healthy.
/// </remarks>
internal sealed class CameraHealthMonitor
{
    private readonly SupervisionSettings _supervision;
    private readonly Func<DateTimeOffset> _now;
    private readonly Func<double> _random;
    private DateTimeOffset? _downSince;
    private DateTimeOffset _liveSince;
    private DateTimeOffset _lastFrameAt;
    private long _lastFrames;
    private bool _openedBefore;

    private readonly KeyValuePair<string, object?> _camera;

    public CameraHealthMonitor(CameraId camera, SupervisionSettings supervision, Func<DateTimeOffset> now, Func<double>? random = null)
    {
        _camera = new("camera", camera.Value);
        _supervision = supervision;
        _now = now;
        _random = random ?? Random.Shared.NextDouble;
        Since = now();
        Restarts = new EventWindow(now);
        Stalls = new EventWindow(now);
        Gaps = new EventWindow(now);
        RigMeter.Cameras.Add(1, _camera, Tag(Health));
    }

    public CameraHealth Health { get; private set; } = CameraHealth.Opening;

    public DateTimeOffset Since { get; private set; }

    /// <summary>Why the camera is in its state, when it is not simply healthy.</summary>
    public string? Reason { get; private set; }

    public string? LastError { get; private set; }

    public int Failures { get; private set; }

    public TimeSpan? RetryDelay { get; private set; }

    /// <summary>True once the camera was live at least once (a reopen then re-applies its constraints).</summary>
    public bool OpenedBefore => _openedBefore;

    public EventWindow Restarts { get; }

    public EventWindow Stalls { get; }

    /// <summary>Outages: from a failure of a camera that had delivered until it delivered again.</summary>
    public EventWindow Gaps { get; }

    /// <summary>The status reply: this health with the camera's identity and its track's counters.</summary>
    public CameraStatus Status(CameraSettings camera, MediaStreamTrackVideoStats? stats, string? pipelineError) => new(
        camera.Id,
        camera.Label,
        camera.Source.ConfigName(),
        Health,
        Since,
        LastError,
        Failures,
        RetryDelay,
        Restarts.Count,
        Stalls.Count,
        stats?.DeliveredFrames ?? 0,
        stats?.DiscardedFrames ?? 0,
        pipelineError,
        Gaps.Count,
        Gaps.Total,
        Gaps.Last,
        Reason,
        camera.Motion,
        FramesLost: stats is null ? 0 : stats.TotalFrames - stats.DeliveredFrames - stats.DiscardedFrames);

    public HealthChange? Opening() => Set(CameraHealth.Opening, "opening");

    public HealthChange? Live()
    {
        var now = _now();
        (_liveSince, _lastFrameAt, _lastFrames, RetryDelay) = (now, now, 0, null);
        if (_downSince is { } down)
        {
            Gaps.Record(now - down);
            _downSince = null;
        }

        _openedBefore = true;
        return Set(CameraHealth.Healthy, "live");
    }

    /// <summary>Counts a device failure and chooses the back-off (with jitter) before the next open.</summary>
    public (TimeSpan Delay, HealthChange? Change) Failed(string error)
    {
        if (_openedBefore)
        {
            _downSince ??= _now(); // a gap is a break between frames: none before the first
        }

        Failures++;
        LastError = error;
        Restarts.Record();
        RigMeter.Restarts.Add(1, _camera);
        var delay = Failures > _supervision.FailedAfter ? _supervision.MaxBackoff : _supervision.BackoffFor(Failures);
        delay *= 1 + (_random() * _supervision.RandomFactor);
        RetryDelay = delay;
        return (delay, Set(Failures >= _supervision.FailedAfter ? CameraHealth.Failed : CameraHealth.Reconnecting, error));
    }

    public HealthChange? Stopped(string reason)
    {
        RetryDelay = null;
        return Set(CameraHealth.Stopped, reason);
    }

    /// <summary>The periodic check of a live camera: its frame count, how long a gap between frames may be, and what its pipeline lost (null: nothing).</summary>
    public HealthChange? Check(long framesDelivered, TimeSpan stallTimeout, string? pipelineLoss)
    {
        var now = _now();
        if (Failures > 0 && Health is CameraHealth.Healthy or CameraHealth.Degraded && now - _liveSince >= _supervision.ResetAfter)
        {
            Failures = 0;
        }

        bool arrived = framesDelivered != _lastFrames;
        if (arrived)
        {
            (_lastFrames, _lastFrameAt) = (framesDelivered, now);
        }
        else if (Health != CameraHealth.Stalled && now - _lastFrameAt > stallTimeout)
        {
            Stalls.Record();
            RigMeter.Stalls.Add(1, _camera);
            return Set(CameraHealth.Stalled, $"no frame for {(now - _lastFrameAt).TotalSeconds:0.#} s");
        }

        if (Health == CameraHealth.Stalled && !arrived)
        {
            return null;
        }

        return pipelineLoss is null
            ? (Health == CameraHealth.Healthy ? null : Set(CameraHealth.Healthy, Health == CameraHealth.Stalled ? "frames resumed" : "the pipeline keeps its frames again"))
            : Set(CameraHealth.Degraded, pipelineLoss);
    }

    /// <summary>The camera leaves the rig's gauge of cameras by health.</summary>
    public void Leave() => RigMeter.Cameras.Add(-1, _camera, Tag(Health));

    private static KeyValuePair<string, object?> Tag(CameraHealth health) => new("health", health.ToString());

    private HealthChange? Set(CameraHealth health, string reason)
    {
        if (health == Health)
        {
            Reason = health == CameraHealth.Healthy ? null : reason;
            return null;
        }

        var change = new HealthChange(Health, health, reason, _now());
        RigMeter.Cameras.Add(-1, _camera, Tag(Health));
        RigMeter.Cameras.Add(1, _camera, Tag(health));
        (Health, Since, Reason) = (health, change.At, health == CameraHealth.Healthy ? null : reason);
        return change;
    }
}

/// <summary>A change of a camera's health.</summary>
internal readonly record struct HealthChange(CameraHealth Previous, CameraHealth Current, string Reason, DateTimeOffset At);
