namespace Capture.TestSupport;

/// <summary>Polls until a condition holds: what specs do instead of sleeping before an assertion.</summary>
public static class Eventually
{
    /// <summary>Reads <paramref name="read"/> until <paramref name="done"/> accepts its value and returns that value; fails naming <paramref name="what"/> after <paramref name="timeout"/> (10 s).</summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> done, string what = "the condition", TimeSpan? timeout = null, int intervalMs = 20)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        T last = default!;
        try
        {
            while (true)
            {
                last = await read(limit.Token).ConfigureAwait(false);
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(intervalMs, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"{what} did not hold within {(timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds:0.#} s; last value: {last}");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task UntilAsync(Func<bool> condition, string what = "the condition", TimeSpan? timeout = null) =>
        UntilAsync(_ => Task.FromResult(condition()), ok => ok, what, timeout);
}
