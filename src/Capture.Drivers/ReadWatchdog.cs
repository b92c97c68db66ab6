using System.Diagnostics;

namespace Capture.Drivers;

/// <summary>Cancels a stream's reads when one has waited longer than the read timeout, checking a few times per timeout.</summary>
/// <remarks>
/// Re-arming a cancellation timer for every frame wakes the runtime's timer thread at the frame rate; this one timer
/// fires four times per timeout whatever the rate, so a hung stream is noticed between one and one and a quarter
/// timeouts after its last frame. Once cancelled, the token stays cancelled: the stream is lost.
/// </remarks>
internal sealed class ReadWatchdog : IDisposable
{
    private readonly CancellationTokenSource _expired;
    private readonly TimeSpan _timeout;
    private readonly Timer _timer;
    private long _readingSince; // Stopwatch timestamp of the read in progress; 0 between reads

    public ReadWatchdog(TimeSpan timeout, CancellationToken linked)
    {
        _timeout = timeout;
        _expired = CancellationTokenSource.CreateLinkedTokenSource(linked);
        var period = timeout / 4;
        _timer = new Timer(static state => ((ReadWatchdog)state!).Check(), this, period, period);
    }

    /// <summary>Cancelled when a read has taken longer than the timeout, or when the linked token is.</summary>
    public CancellationToken Token => _expired.Token;

    /// <summary>A read starts now.</summary>
    public void Reading() => Volatile.Write(ref _readingSince, Stopwatch.GetTimestamp());

    /// <summary>The read ended.</summary>
    public void Idle() => Volatile.Write(ref _readingSince, 0);

    /// <inheritdoc />
    public void Dispose()
    {
        _timer.Dispose();
        _expired.Dispose();
    }

    private void Check()
    {
        long since = Volatile.Read(ref _readingSince);
        if (since != 0 && Stopwatch.GetElapsedTime(since) > _timeout)
        {
            try
            {
                _expired.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Closed meanwhile.
            }
        }
    }
}
