using System.Net;
using Capture.Core.Drivers;

namespace Capture.Drivers.Mjpeg;

/// <summary>An HTTP MJPEG camera (<c>multipart/x-mixed-replace</c>), such as an ESP32-CAM or an IP camera's MJPEG URL; or a single-JPEG snapshot URL polled at a rate.</summary>
/// <remarks>Basic and digest authentication come from the credentials given; they never appear in errors or logs.</remarks>
public sealed class MjpegHttpDriver : StreamCameraDriver
{
    private readonly Uri _url;
    private readonly HttpClient _client;
    private readonly TimeSpan? _pollInterval;
    private HttpResponseMessage? _response;
    private SnapshotPoller? _poller;

    /// <summary>Creates the driver.</summary>
    /// <param name="descriptor">Who the camera is.</param>
    /// <param name="url">The stream's URL (without credentials).</param>
    /// <param name="credentials">User and password, when the camera asks for them.</param>
    /// <param name="readTimeout">How long a frame may take before the stream counts as lost.</param>
    /// <param name="frameRate">The stream's nominal rate, when known; for snapshots, the polling rate.</param>
    /// <param name="snapshot">The URL returns one JPEG per request: poll it at <paramref name="frameRate"/> (default 1 fps).</param>
    public MjpegHttpDriver(CameraDescriptor descriptor, Uri url, NetworkCredential? credentials = null, TimeSpan? readTimeout = null, double? frameRate = null, bool snapshot = false)
        : base(descriptor, readTimeout ?? TimeSpan.FromSeconds(10), frameRate ?? (snapshot ? 1 : null))
    {
        _pollInterval = snapshot ? TimeSpan.FromSeconds(1 / Math.Max(frameRate ?? 1, 0.01)) : null;
        ArgumentNullException.ThrowIfNull(url);
        _url = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
        _client = new HttpClient(new SocketsHttpHandler { Credentials = credentials, PreAuthenticate = credentials is not null, ConnectTimeout = readTimeout ?? TimeSpan.FromSeconds(10) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc />
    private protected override async Task<IFrameSource> OpenReaderAsync(CancellationToken cancellationToken)
    {
        if (_pollInterval is not { } interval)
        {
            return await base.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        }

        _poller = new SnapshotPoller(_client, _url, interval);
        return _poller;
    }

    /// <inheritdoc />
    protected override async Task<(Stream Stream, string? Boundary)> ConnectAsync(CancellationToken cancellationToken)
    {
        var response = await _client.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        _response = response;
        string? boundary = response.Content.Headers.ContentType?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        return (await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), boundary);
    }

    /// <inheritdoc />
    protected override ValueTask DisconnectAsync()
    {
        Interlocked.Exchange(ref _response, null)?.Dispose();
        Interlocked.Exchange(ref _poller, null)?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override string Describe() => $"MJPEG camera '{Descriptor.DeviceId}' at {_url}";
}
