namespace Capture.Core.Internal;

/// <summary>Runs asynchronous work one item at a time, in call order (a FIFO per device, as the spec's "in parallel, preserving call order" needs).</summary>
internal sealed class SerialQueue
{
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>Queues <paramref name="work"/> after everything queued before it; a failure does not stop later work.</summary>
    public Task<T> Run<T>(Func<Task<T>> work)
    {
        lock (_gate)
        {
            var task = _tail.ContinueWith(_ => work(), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
            _tail = task;
            return task;
        }
    }

    /// <summary>Queues <paramref name="work"/> after everything queued before it.</summary>
    public Task Run(Func<Task> work) => Run(async () =>
    {
        await work().ConfigureAwait(false);
        return true;
    });
}
