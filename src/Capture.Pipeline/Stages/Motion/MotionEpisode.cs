namespace Capture.Pipeline.Stages.Motion;

/// <summary>One zone's motion over time: still → stirring → moving → still, turned into start, update and end events.</summary>
/// <remarks>
/// Motion starts an event once it has lasted <c>min-duration</c> (a flicker shorter than that starts none; a tenth of a
/// frame interval of slack, so that 5 fps frames 199.9 ms apart count as 200 ms); the event ends once the zone has been
/// still for <c>end-after</c>, so an object that pauses for a moment stays one event. Times are the frames' capture
/// times, so the same frames always give the same events.
/// </remarks>
internal sealed class MotionEpisode(CameraId camera, string zone, MotionSettings settings)
{
    /// <summary>How often an event in progress reports its peak score.</summary>
    public static readonly TimeSpan UpdateEvery = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _slack = TimeSpan.FromSeconds(0.1 / settings.FrameRate);
    private DateTime? _stirringSince;
    private DateTime _lastMotion;
    private DateTime _lastReport;
    private MotionEvent? _current; // as started: phases are copies of it with the peak so far
    private double _peak;

    /// <summary>Whether an event is in progress.</summary>
    public bool Active => _current is not null;

    /// <summary>Takes one frame's score; returns the event to publish now, if any (a start without its snapshot).</summary>
    public MotionEvent? Observe(DateTime utc, double score)
    {
        bool moving = score >= settings.MinArea && score > 0;
        if (_current is { } current)
        {
            if (!moving)
            {
                return utc - _lastMotion >= settings.EndAfter ? Finish() : null;
            }

            _lastMotion = utc;
            _peak = Math.Max(_peak, score);
            if (utc - _lastReport < UpdateEvery)
            {
                return null;
            }

            _lastReport = utc;
            return current with { Phase = MotionEventPhase.Update, Score = _peak };
        }

        if (!moving)
        {
            _stirringSince = null;
            return null;
        }

        var since = _stirringSince ??= utc;
        _lastMotion = utc;
        if (utc - since < settings.MinDuration - _slack)
        {
            return null;
        }

        (_lastReport, _peak) = (utc, score);
        _current = new MotionEvent(Guid.CreateVersion7(new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc))), camera, zone, MotionEventPhase.Start, since, null, score, ReadOnlyMemory<byte>.Empty);
        return _current;
    }

    /// <summary>Ends the event in progress, at the last frame that moved (also when the camera stops); null when there is none.</summary>
    public MotionEvent? Finish()
    {
        var ended = _current is { } current ? current with { Phase = MotionEventPhase.End, EndedUtc = _lastMotion, Score = _peak } : null;
        (_current, _stirringSince) = (null, null);
        return ended;
    }
}
