using Capture.Core.Frames;

namespace Capture.Drivers.Mjpeg;

/// <summary>Fetches a single-JPEG snapshot URL at a fixed rate, each response one frame.</summary>
internal sealed class SnapshotPoller(HttpClient client, Uri url, TimeSpan interval) : IFrameSource, IDisposable
{
    private readonly PeriodicTimer _timer = new(interval);
    private bool _first = true;

    public async ValueTask<VideoFrame?> ReadAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken)
    {
        if (!_first && !await _timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        _first = false;
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        long length = response.Content.Headers.ContentLength ?? -1;
        if (length is <= 0 or > 32 * 1024 * 1024)
        {
            // Rare for snapshots: read it whole, then copy once into the pool.
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var whole = pool.Rent(info with { Format = VideoPixelFormat.Jpeg, Stride = 0 }, bytes.Length);
            bytes.CopyTo(whole.GetWritableSpan());
            return whole;
        }

        var frame = pool.Rent(info with { Format = VideoPixelFormat.Jpeg, Stride = 0 }, (int)length);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await body.ReadExactlyAsync(System.Runtime.InteropServices.MemoryMarshal.AsMemory(frame.Memory), cancellationToken).ConfigureAwait(false);
            return frame;
        }
        catch
        {
            frame.Dispose();
            throw;
        }
    }

    public void Dispose() => _timer.Dispose();
}
