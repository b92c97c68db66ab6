using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Capture.Drivers.Rtsp;

/// <summary>An RTSP/1.0 client session (RFC 2326) that plays one camera's video over its TCP connection: OPTIONS, DESCRIBE, SETUP with interleaved RTP, PLAY, keep-alives, TEARDOWN.</summary>
/// <remarks>
/// Everything runs on the camera's own thread with blocking reads (<see cref="RtspConnection"/>); the keep-alive is
/// sent from the read loop when due, so a session costs no timer. Credentials answer the server's Basic or Digest
/// challenge; they never reach a request line, a log or an error.
/// </remarks>
internal sealed partial class RtspClient : IDisposable
{
    private const string UserAgent = "Capture.Pipeline";

    private readonly RtspConnection _connection;
    private readonly RtspAuthentication? _authentication;
    private readonly string _url;
    private readonly bool _getParameter;
    private string? _session;
    private string _playUrl;
    private long _keepAliveDue = long.MaxValue;
    private long _keepAliveInterval;
    private int _cseq;

    private RtspClient(RtspConnection connection, string url, RtspAuthentication? authentication)
    {
        _connection = connection;
        _url = url;
        _playUrl = url;
        _authentication = authentication;
        var options = Request("OPTIONS", url);
        _getParameter = options.Header("Public")?.Contains("GET_PARAMETER", StringComparison.OrdinalIgnoreCase) == true;
    }

    /// <summary>The video stream being played.</summary>
    public VideoMedia Video { get; private set; } = null!;

    /// <summary>The interleaved channel of the video's RTP packets (its RTCP is the next one).</summary>
    public int RtpChannel { get; private set; }

    /// <summary>The interleaved channel of the video's RTCP packets.</summary>
    public int RtcpChannel => RtpChannel + 1;

    /// <summary>Connects to <paramref name="url"/> and starts playing its first H.264 or H.265 video stream.</summary>
    /// <param name="url">An <c>rtsp://</c> URL without credentials (see <see cref="CameraUrl"/>).</param>
    /// <param name="credentials">The camera's user and password, for when it asks.</param>
    /// <param name="cancellationToken">Closes the connection while it lives (a read in progress then ends).</param>
    /// <exception cref="NotSupportedException">The camera's video is not H.264/H.265 as this client plays it (another codec, interleaved packetization, TLS); ffmpeg can still read it.</exception>
    /// <exception cref="IOException">The server refused or failed.</exception>
    public static RtspClient Play(Uri url, NetworkCredential? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.Scheme.Equals("rtsp", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"the {url.Scheme}:// scheme (only plain rtsp:// is played natively)");
        }

        string plain = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty, Port = url.IsDefaultPort || url.Port < 0 ? -1 : url.Port }.Uri.AbsoluteUri;
        var connection = RtspConnection.Connect(url.Host, url.Port > 0 ? url.Port : 554, cancellationToken);
        try
        {
            var client = new RtspClient(connection, plain, credentials is null ? null : new RtspAuthentication(credentials));
            client.Start();
            return client;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next thing the server sends; replies to keep-alives are read and dropped here.</summary>
    /// <returns>True with a packet on <paramref name="channel"/>; false when the server sent a message instead.</returns>
    public bool Receive(out int channel, out ReadOnlySpan<byte> packet) => _connection.Receive(out channel, out packet, out _);

    /// <summary>Sends bytes on the connection (an RTCP report).</summary>
    public void Send(ReadOnlySpan<byte> bytes) => _connection.Send(bytes);

    /// <summary>Shows the server the session is alive (GET_PARAMETER, or OPTIONS where that is not offered) when half its timeout has passed; the reply is read with the packets.</summary>
    public void KeepAliveIfDue()
    {
        long now = Stopwatch.GetTimestamp();
        if (now < _keepAliveDue)
        {
            return;
        }

        _keepAliveDue = now + _keepAliveInterval;
        Send(_getParameter ? "GET_PARAMETER" : "OPTIONS", _playUrl, null);
    }

    /// <summary>Ends the session (TEARDOWN, not waiting for the reply) and closes the connection; safe from any thread, once a read may be blocked.</summary>
    public void Dispose()
    {
        try
        {
            if (_session is not null)
            {
                Send("TEARDOWN", _playUrl, null);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The connection is gone already.
        }

        _connection.Dispose();
    }

    private void Start()
    {
        var describe = Request("DESCRIBE", _url, "Accept: application/sdp\r\n");
        string baseUrl = describe.Header("Content-Base") ?? describe.Header("Content-Location") ?? _url;
        var sdp = SessionDescription.Parse(Encoding.UTF8.GetString(describe.Body));
        Video = Choose(sdp);
        var setup = Request("SETUP", Resolve(baseUrl, Video.Control), "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n");
        if (setup.Header("Session") is not { } session)
        {
            throw new IOException("SETUP was answered without a Session");
        }

        string[] sessionParts = session.Split(';', StringSplitOptions.TrimEntries);
        _session = sessionParts[0];
        int timeout = sessionParts.Skip(1).Select(p => p.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase) && int.TryParse(p[8..], NumberStyles.None, CultureInfo.InvariantCulture, out int t) ? t : 0).FirstOrDefault(t => t > 0, 60);
        RtpChannel = Interleaved().Match(setup.Header("Transport") ?? string.Empty) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        _playUrl = Resolve(baseUrl, sdp.Control);
        Request("PLAY", _playUrl, "Range: npt=0.000-\r\n");
        _keepAliveInterval = (long)(Math.Clamp(timeout / 2.0, 1, 30) * Stopwatch.Frequency);
        _keepAliveDue = Stopwatch.GetTimestamp() + _keepAliveInterval;
    }

    /// <summary>The first video stream this client plays; <see cref="NotSupportedException"/> when there is video but none of it H.264/H.265 as RFC 6184/7798 packetize it without interleaving.</summary>
    private static VideoMedia Choose(SessionDescription sdp)
    {
        if (sdp.Video.Count == 0)
        {
            throw new IOException("the camera's session description has no video stream");
        }

        var video = sdp.Video.FirstOrDefault(v => v.Encoding is "H264" or "H265" or "HEVC")
            ?? throw new NotSupportedException($"the camera's video is {sdp.Video[0].Encoding}, not H.264 or H.265");
        if (video.Encoding == "H264" && video.Format.GetValueOrDefault("packetization-mode") == "2")
        {
            throw new NotSupportedException("the camera packetizes H.264 in interleaved mode");
        }

        if (video.Encoding != "H264" && int.TryParse(video.Format.GetValueOrDefault("sprop-max-don-diff"), NumberStyles.None, CultureInfo.InvariantCulture, out int don) && don > 0)
        {
            throw new NotSupportedException("the camera packetizes H.265 with decoding-order numbers");
        }

        return video;
    }

    /// <summary>A control URL resolved against the base URL (RFC 2326 §C.1.1): absolute as given, <c>*</c> or none as the base, otherwise relative to it.</summary>
    private static string Resolve(string baseUrl, string? control)
    {
        if (string.IsNullOrEmpty(control) || control == "*")
        {
            return baseUrl;
        }

        if (control.Contains("://", StringComparison.Ordinal))
        {
            return control;
        }

        return baseUrl.EndsWith('/') ? baseUrl + control : $"{baseUrl}/{control}";
    }

    /// <summary>Sends a request and reads until its response, answering one authentication challenge.</summary>
    private RtspResponse Request(string method, string url, string? headers = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            int cseq = Send(method, url, headers);
            RtspResponse? response;
            do
            {
                while (_connection.Receive(out _, out _, out response))
                {
                    // Media before the response to PLAY: dropped; nothing plays until PLAY returns.
                }
            }
            while (response is null || response.CSeq != cseq);

            if (response.Status == 401 && attempt == 0 && _authentication?.Challenge(response.Headers("WWW-Authenticate")) == true)
            {
                continue;
            }

            if (response.Status is < 200 or > 299)
            {
                string why = response.Status == 401 ? (_authentication is null ? "; the camera needs a username and password" : "; check the username and password") : string.Empty;
                throw response.Status == 461
                    ? new IOException($"{method} was answered 461 {response.Reason}: the camera does not stream over the RTSP connection (TCP)")
                    : new IOException($"{method} was answered {response.Status} {response.Reason}{why}");
            }

            return response;
        }
    }

    private int Send(string method, string url, string? headers)
    {
        int cseq = ++_cseq;
        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"{method} {url} RTSP/1.0\r\nCSeq: {cseq}\r\nUser-Agent: {UserAgent}\r\n");
        if (_authentication?.Header(method, url) is { } authorization)
        {
            request.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
        }

        if (_session is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"Session: {_session}\r\n");
        }

        request.Append(headers).Append("\r\n");
        _connection.Send(Encoding.UTF8.GetBytes(request.ToString()));
        return cseq;
    }

    [GeneratedRegex(@"interleaved=(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Interleaved();
}
