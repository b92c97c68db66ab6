namespace Capture.Pipeline.Cameras;

/// <summary>Orders a camera's closes before its next open, across the incarnations of its actor.</summary>
/// <remarks>
/// A camera actor restarted after a defect gets a new driver for the same device (a V4L2 node, an RTSP session);
/// the old one must be closed first. <see cref="Camera.Props"/> makes one gate per camera and every incarnation shares it.
/// </remarks>
internal sealed class DeviceGate
{
    private readonly Lock _lock = new();
    private Task _closed = Task.CompletedTask;

    /// <summary>Completes when every close added so far has ended (a failed close counts as ended).</summary>
    public Task Closed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    /// <summary>Adds a close that the next open waits for.</summary>
    public void Add(Task closing)
    {
        lock (_lock)
        {
            _closed = Task.WhenAll(_closed, closing).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
