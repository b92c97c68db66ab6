using System.Net;
using Capture.Core.Drivers;
using Capture.Drivers.Ffmpeg;

namespace Capture.Drivers.Rtsp;

/// <summary>An RTSP IP camera played by our own client: no child process, the camera's H.264/H.265 bitstream straight from its RTP packets into frames.</summary>
/// <remarks>
/// One RTSP session per camera over one TCP connection (RTP interleaved), read with blocking reads on the camera's
/// own thread. A camera this client does not play (a codec other than H.264/H.265, B-frames, RTSP over TLS,
/// interleaved packetization) is handed to ffmpeg once and for all, as <c>source = ffmpeg</c> would read it:
/// <see cref="ThroughFfmpeg"/> then says why. Credentials (in the URL or given) answer Basic or Digest challenges and
/// never appear in requests' URLs, logs or errors.
/// </remarks>
public sealed class RtspDriver : StreamCameraDriver
{
    private readonly Uri _url;
    private readonly NetworkCredential? _credentials;
    private readonly FfmpegStream _ffmpeg;
    private readonly string _ffmpegPath;
    private RtspFrameSource? _session;
    private string? _throughFfmpeg;

    /// <summary>Creates the driver.</summary>
    /// <param name="descriptor">Who the camera is.</param>
    /// <param name="url">The camera's <c>rtsp://</c> URL; it may carry <c>user:password@</c>, the password raw or percent-encoded.</param>
    /// <param name="frameRate">The stream's nominal rate, when known (it sets the stall timeout).</param>
    /// <param name="readTimeout">How long a frame may take before the stream counts as lost.</param>
    /// <param name="credentials">The camera's user and password, for a URL that does not carry them.</param>
    /// <param name="ffmpeg">The ffmpeg executable, for photos and for a camera this client does not play.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute URL once its credentials are taken out.</exception>
    public RtspDriver(CameraDescriptor descriptor, string url, double? frameRate = null, TimeSpan? readTimeout = null, NetworkCredential? credentials = null, string ffmpeg = "ffmpeg")
        : base(descriptor, readTimeout ?? TimeSpan.FromSeconds(10), frameRate)
    {
        var (plain, written) = CameraUrl.Split(url);
        _url = Uri.TryCreate(plain, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"'{plain}' is not an absolute URL.", nameof(url));
        _credentials = written ?? credentials;
        _ffmpegPath = ffmpeg;
        _ffmpeg = new FfmpegStream(ffmpeg, plain, frameRate, loop: false, quality: 5, _credentials);
    }

    /// <summary>Why ffmpeg reads this camera instead of our client (null while our client does).</summary>
    public string? ThroughFfmpeg => Volatile.Read(ref _throughFfmpeg);

    /// <inheritdoc />
    protected override string Ffmpeg => _ffmpegPath;

    /// <inheritdoc />
    private protected override async Task<IFrameSource> OpenReaderAsync(CancellationToken cancellationToken)
    {
        if (ThroughFfmpeg is null)
        {
            try
            {
                var session = new RtspFrameSource(RtspClient.Play(_url, _credentials, cancellationToken), why => Volatile.Write(ref _throughFfmpeg, why));
                Volatile.Write(ref _session, session);
                return session;
            }
            catch (NotSupportedException e)
            {
                Volatile.Write(ref _throughFfmpeg, e.Message);
            }
        }

        return await _ffmpeg.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async ValueTask DisconnectAsync()
    {
        Interlocked.Exchange(ref _session, null)?.Dispose();
        await _ffmpeg.DisconnectAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override string Describe() =>
        $"RTSP camera '{Descriptor.DeviceId}' at {_url}{(ThroughFfmpeg is { } why ? $" (read by ffmpeg: {why})" : string.Empty)}";

    /// <inheritdoc />
    protected override string Explain(Exception error) => ThroughFfmpeg is null ? error.Message : _ffmpeg.Explain(error.Message);
}
