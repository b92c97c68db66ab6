namespace Capture.Pipeline.Configuration;

/// <summary>How a failed camera is reopened: exponential back-off with jitter (<c>capture.supervision</c>).</summary>
public sealed record SupervisionSettings(TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor, TimeSpan ResetAfter, int FailedAfter)
{
    /// <summary>The delay before attempt <paramref name="failures"/> (1 = first retry), before jitter.</summary>
    public TimeSpan BackoffFor(int failures)
    {
        double factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, MinBackoff.Ticks * factor));
    }
}
