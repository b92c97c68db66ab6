using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Capture.Pipeline.Tests.Infrastructure;

/// <summary>An HTTP receiver on a free loopback port that answers each POST with the next scripted status (200 once the script runs out) and keeps the bodies it answered 2xx.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<int> _statuses;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public WebhookReceiver(params int[] statuses)
    {
        _statuses = new ConcurrentQueue<int>(statuses);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook?token=t0k");

    /// <summary>The bodies taken (answered 2xx), in order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Every POST, answered or refused.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    /// <summary>Serves one keep-alive connection: request line and headers, a body of Content-Length bytes, a reply.</summary>
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new List<byte>();
            var chunk = new byte[8192];
            try
            {
                while (true)
                {
                    int end;
                    while ((end = IndexOfHeaderEnd(buffer)) < 0)
                    {
                        int read = await stream.ReadAsync(chunk, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        buffer.AddRange(chunk.AsSpan(0, read));
                    }

                    string headers = Encoding.ASCII.GetString(buffer.ToArray(), 0, end);
                    int length = headers.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                    while (buffer.Count < end + 4 + length)
                    {
                        int read = await stream.ReadAsync(chunk, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        buffer.AddRange(chunk.AsSpan(0, read));
                    }

                    string body = Encoding.UTF8.GetString(buffer.ToArray(), end + 4, length);
                    buffer.RemoveRange(0, end + 4 + length);
                    Interlocked.Increment(ref _requests);
                    int status = _statuses.TryDequeue(out int scripted) ? scripted : 200;
                    if (status is >= 200 and < 300)
                    {
                        Received.Enqueue(body);
                    }

                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Scripted\r\nContent-Length: 0\r\n\r\n"), _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client or the spec went away.
            }
        }
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (int i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
