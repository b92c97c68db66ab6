using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Capture.Drivers.Tests.Infrastructure;

/// <summary>An RTSP server on 127.0.0.1 that answers as a spec scripts it: for the protocol's edge cases (challenges, refusals, hostile replies) that a real server never shows on demand.</summary>
/// <remarks>Real cameras are tested against gst-rtsp-server (Capture.Pipeline.Tests); this one accepts one connection, hands each request to the script, and keeps what the client sent.</remarks>
internal sealed class ScriptedRtspServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Request, Stream, Task> _script;
    private readonly Task _serving;
    private readonly CancellationTokenSource _stop = new();

    public ScriptedRtspServer(Func<Request, Stream, Task> script)
    {
        _script = script;
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url => $"rtsp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/cam";

    /// <summary>Every request, in order.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Every interleaved packet the client sent (its RTCP reports), with its channel.</summary>
    public ConcurrentQueue<(int Channel, byte[] Packet)> Packets { get; } = new();

    /// <summary>A response with a CSeq, headers and an optional body.</summary>
    public static byte[] Response(Request request, string status, string headers = "", string body = "") =>
        Encoding.UTF8.GetBytes($"RTSP/1.0 {status}\r\nCSeq: {request.Header("CSeq")}\r\n{headers}{(body.Length > 0 ? $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n" : string.Empty)}\r\n{body}");

    /// <summary>An interleaved packet on <paramref name="channel"/>.</summary>
    public static byte[] Interleaved(int channel, byte[] packet) => [(byte)'$', (byte)channel, (byte)(packet.Length >> 8), (byte)packet.Length, .. packet];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        await using var stream = client.GetStream();
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!_stop.IsCancellationRequested)
        {
            int read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            received.AddRange(buffer.AsSpan(0, read));
            while (Next(received) is { } request)
            {
                Requests.Enqueue(request);
                await _script(request, stream);
            }
        }
    }

    /// <summary>Takes the next whole request (or interleaved packet, kept aside) off the front of what was received.</summary>
    private Request? Next(List<byte> received)
    {
        while (received.Count >= 4 && received[0] == (byte)'$')
        {
            int length = (received[2] << 8) | received[3];
            if (received.Count < 4 + length)
            {
                return null;
            }

            Packets.Enqueue((received[1], received.GetRange(4, length).ToArray()));
            received.RemoveRange(0, 4 + length);
        }

        string text = Encoding.UTF8.GetString([.. received]);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        received.RemoveRange(0, Encoding.UTF8.GetByteCount(text[..(end + 4)]));
        string[] lines = text[..end].Split("\r\n");
        string[] start = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new Request(start[0], start[1], headers, text[..end]);
    }

    /// <summary>One request as the client sent it.</summary>
    public sealed record Request(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Text)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;
    }
}
