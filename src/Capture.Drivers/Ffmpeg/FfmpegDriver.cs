using Capture.Core.Drivers;

namespace Capture.Drivers.Ffmpeg;

/// <summary>Any source ffmpeg reads (RTSP H.264/H.265 cameras, files, …), through one ffmpeg child process per camera.</summary>
/// <remarks>
/// H.264 and H.265 are copied, never transcoded: ffmpeg runs with <c>-c:v copy</c> and writes fragmented MP4 (one
/// fragment per frame) to its stdout, which keeps each access unit's decode and presentation times, its keyframe
/// flag and the codec configuration, and costs ffmpeg almost nothing. A source with any other codec is found out
/// from that first initialization segment; the driver then transcodes it to MJPEG (as it did for every source
/// before) from the next open on. The process belongs to the camera: started on open, killed on close with its
/// children. Its stderr (last lines) is quoted when the stream fails, credentials masked.
/// </remarks>
public sealed class FfmpegDriver : StreamCameraDriver
{
    private readonly string _ffmpeg;
    private readonly string _input;
    private readonly FfmpegStream _stream;

    /// <summary>Creates the driver.</summary>
    /// <param name="descriptor">Who the camera is.</param>
    /// <param name="input">What ffmpeg reads: an <c>rtsp://</c> URL, a file, any ffmpeg input.</param>
    /// <param name="frameRate">The stream's nominal rate; for a transcoded (non-H.264/H.265) source also the output rate.</param>
    /// <param name="loop">Read a file in a loop at its own pace (for test streams and replays).</param>
    /// <param name="quality">JPEG quality as ffmpeg's <c>-q:v</c> (2 best … 31 worst), for transcoded sources.</param>
    /// <param name="ffmpeg">The ffmpeg executable.</param>
    /// <param name="readTimeout">How long a frame may take before the stream counts as lost.</param>
    /// <param name="credentials">The camera's user and password, for a URL that does not carry them; never put on ffmpeg's command line.</param>
    public FfmpegDriver(CameraDescriptor descriptor, string input, double? frameRate = null, bool loop = false, int quality = 5, string ffmpeg = "ffmpeg", TimeSpan? readTimeout = null, System.Net.NetworkCredential? credentials = null)
        : base(descriptor, readTimeout ?? TimeSpan.FromSeconds(10), frameRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        _ffmpeg = ffmpeg;
        _input = input;
        _stream = new FfmpegStream(ffmpeg, input, frameRate, loop, quality, credentials);
    }

    /// <summary>True once the source turned out not to be H.264/H.265, so ffmpeg transcodes it to MJPEG.</summary>
    public bool Transcodes => _stream.Transcodes;

    /// <inheritdoc />
    protected override string Ffmpeg => _ffmpeg;

    /// <inheritdoc />
    private protected override Task<IFrameSource> OpenReaderAsync(CancellationToken cancellationToken) => _stream.OpenAsync(cancellationToken);

    /// <inheritdoc />
    protected override ValueTask DisconnectAsync() => _stream.DisconnectAsync();

    /// <inheritdoc />
    protected override string Describe() => $"ffmpeg camera '{Descriptor.DeviceId}' reading {Mask(_input)}";

    /// <inheritdoc />
    protected override string Explain(Exception error) => _stream.Explain(error.Message);

    /// <summary>Hides the password of <c>scheme://user:password@host</c> URLs.</summary>
    internal static string Mask(string text) => FfmpegProcess.Mask(text);
}
