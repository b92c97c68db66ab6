namespace Capture.Pipeline.Cameras;

/// <summary>Events of the last hour (restarts, stalls, outages), each with a length, counted on a clock passed in.</summary>
internal sealed class EventWindow(Func<DateTimeOffset> now)
{
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);
    private readonly Queue<(DateTimeOffset At, TimeSpan Length)> _events = new();

    public int Count => Recent().Count;

    public TimeSpan Total => Recent().Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Length);

    public TimeSpan? Last => _events.Count > 0 ? _events.Last().Length : null;

    public void Record(TimeSpan length = default) => _events.Enqueue((now(), length));

    private Queue<(DateTimeOffset At, TimeSpan Length)> Recent()
    {
        var at = now();
        while (_events.TryPeek(out var oldest) && at - oldest.At > s_hour)
        {
            _events.Dequeue();
        }

        return _events;
    }
}
