namespace Capture.Pipeline.Stages;

/// <summary>The most recent latency samples, for percentiles read in-process without allocating per sample.</summary>
public sealed class LatencyWindow
{
    private readonly double[] _samples;
    private long _count;

    /// <summary>Keeps the last <paramref name="size"/> samples.</summary>
    public LatencyWindow(int size = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _samples = new double[size];
    }

    /// <summary>Records one sample (milliseconds).</summary>
    public void Record(double milliseconds)
    {
        long index = Interlocked.Increment(ref _count) - 1;
        _samples[index % _samples.Length] = milliseconds;
    }

    /// <summary>The given percentile (0–1) of the samples held, or null when there are none.</summary>
    public double? Percentile(double p)
    {
        int n = (int)Math.Min(Interlocked.Read(ref _count), _samples.Length);
        if (n == 0)
        {
            return null;
        }

        var sorted = _samples.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        return sorted[Math.Min(n - 1, (int)(p * n))];
    }
}
