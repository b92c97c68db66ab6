using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Capture.Drivers.Rtsp;

/// <summary>One TCP connection to an RTSP server, read with blocking reads on the camera's own thread: RTSP messages and, once playing, the RTP/RTCP packets interleaved with them (RFC 2326 §10.12).</summary>
/// <remarks>
/// The socket is never used asynchronously: an asynchronous operation would make it non-blocking for good, and every
/// later read would then wait on the runtime's socket-engine thread, one more wake-up per packet. A read is cut short
/// by closing the socket (the cancellation registered at <see cref="Connect"/>). Packets are parsed in place in one
/// receive buffer: a packet handed out is valid until the next read.
/// </remarks>
internal sealed class RtspConnection : IDisposable
{
    /// <summary>The largest RTSP message head or body accepted (an SDP is a few KB).</summary>
    public const int MaxMessage = 1 << 16;

    private static readonly byte[] s_endOfHead = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly CancellationTokenRegistration _cancel;
    private readonly Lock _sending = new();
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    private RtspConnection(Socket socket, CancellationToken cancellationToken)
    {
        _socket = socket;
        _cancel = cancellationToken.Register(static s => ((Socket)s!).Dispose(), socket);
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; <paramref name="cancellationToken"/> closes the connection (ending any read) for as long as it lives.</summary>
    public static RtspConnection Connect(string host, int port, CancellationToken cancellationToken)
    {
        var addresses = Dns.GetHostAddresses(host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = 5000 };
        var connection = new RtspConnection(socket, cancellationToken);
        try
        {
            socket.Connect(addresses, port);
            return connection;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            connection.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new IOException($"could not connect to {host}:{port}: {(e as SocketException)?.SocketErrorCode.ToString() ?? e.Message}", e);
        }
    }

    /// <summary>Sends bytes (a request, an RTCP report); safe from any thread.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        lock (_sending)
        {
            while (!bytes.IsEmpty)
            {
                bytes = bytes[_socket.Send(bytes)..];
            }
        }
    }

    /// <summary>Reads the next thing the server sends: an interleaved packet (<paramref name="channel"/> and <paramref name="packet"/>, valid until the next read) or an RTSP message (<paramref name="response"/>; null for a request from the server).</summary>
    /// <returns>True for a packet, false for a message.</returns>
    /// <exception cref="EndOfStreamException">The server closed the connection.</exception>
    /// <exception cref="InvalidDataException">The server sent something that is neither.</exception>
    public bool Receive(out int channel, out ReadOnlySpan<byte> packet, out RtspResponse? response)
    {
        Fill(1);
        if (_buffer[_start] == (byte)'$')
        {
            Fill(4);
            channel = _buffer[_start + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 2));
            Fill(4 + length);
            packet = _buffer.AsSpan(_start + 4, length);
            _start += 4 + length;
            response = null;
            return true;
        }

        channel = -1;
        packet = default;
        response = ReadMessage();
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cancel.Dispose();
        _socket.Dispose();
    }

    private RtspResponse? ReadMessage()
    {
        int head;
        int searched = 0;
        while ((head = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf(s_endOfHead)) < 0)
        {
            if (_end - _start > MaxMessage)
            {
                throw new InvalidDataException("The server sent an RTSP message head of more than 64 KiB, or a stream that is not RTSP.");
            }

            searched = Math.Max(0, _end - _start - 3);
            Fill(_end - _start + 1);
        }

        head += searched;
        var headBytes = _buffer.AsSpan(_start, head);
        int bodyLength = RtspResponse.ContentLength(headBytes);
        Fill(head + 4 + bodyLength);
        byte[] body = _buffer.AsSpan(_start + head + 4, bodyLength).ToArray();
        var response = RtspResponse.Parse(_buffer.AsSpan(_start, head), body);
        _start += head + 4 + bodyLength;
        return response;
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered from <see cref="_start"/>.</summary>
    private void Fill(int count)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start + count > _buffer.Length)
        {
            if (count > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(count, 2 * _buffer.Length));
            }

            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            int read;
            try
            {
                read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            }
            catch (ObjectDisposedException e)
            {
                throw new OperationCanceledException("The connection was closed.", e);
            }
            catch (SocketException e)
            {
                throw new IOException($"the connection failed ({e.SocketErrorCode})", e);
            }

            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            _end += read;
        }
    }
}
