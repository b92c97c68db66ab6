using System.Diagnostics;

namespace Capture.Pipeline.Cameras;

/// <summary>
/// The barrier of a synchronised start: every listed camera arms (stops acquiring, device and stream ready) and
/// arrives; when the last one has arrived, or withdrawn (not live, failed), all are released at once.
/// </summary>
/// <remarks>
/// A camera that takes longer than the arming timeout does not hold up the others: they are released without it, and it
/// starts as soon as it arrives (its frame then shows the skew). An object shared in one process: a synchronised start
/// is for cameras of one node.
/// </remarks>
public sealed class StartBarrier
{
    private readonly HashSet<CameraId> _waiting;
    private readonly TaskCompletionSource<long> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A barrier for <paramref name="cameras"/>, released after <paramref name="armingTimeout"/> at the latest.</summary>
    public StartBarrier(IEnumerable<CameraId> cameras, TimeSpan armingTimeout)
    {
        _waiting = [.. cameras];
        ReleaseIfReady();
        _ = Task.Delay(armingTimeout).ContinueWith(_ => Release(), TaskScheduler.Default);
    }

    /// <summary>Completes with the release's host time (<see cref="Stopwatch"/> ticks); each camera continues on its own thread.</summary>
    public Task<long> Released => _released.Task;

    /// <summary>The camera is armed.</summary>
    public void Arrive(CameraId camera) => Leave(camera);

    /// <summary>The camera does not take part (not live, or its arming failed).</summary>
    public void Withdraw(CameraId camera) => Leave(camera);

    private void Leave(CameraId camera)
    {
        lock (_waiting)
        {
            _waiting.Remove(camera);
            ReleaseIfReady();
        }
    }

    private void ReleaseIfReady()
    {
        if (_waiting.Count == 0)
        {
            Release();
        }
    }

    private void Release() => _released.TrySetResult(Stopwatch.GetTimestamp());
}
