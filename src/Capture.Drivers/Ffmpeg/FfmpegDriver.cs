using System.Globalization;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Video;

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
    private readonly double? _frameRate;
    private readonly bool _loop;
    private readonly int _quality;
    private readonly System.Net.NetworkCredential? _credentials;
    private FfmpegProcess? _process;
    private FfmpegInput? _started;
    private bool _transcode;

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
        _frameRate = frameRate;
        _loop = loop;
        _quality = quality;
        _credentials = credentials;
    }

    /// <summary>True once the source turned out not to be H.264/H.265, so ffmpeg transcodes it to MJPEG.</summary>
    public bool Transcodes => Volatile.Read(ref _transcode);

    /// <inheritdoc />
    protected override string Ffmpeg => _ffmpeg;

    /// <inheritdoc />
    private protected override async Task<IFrameSource> OpenReaderAsync(CancellationToken cancellationToken)
    {
        if (Transcodes)
        {
            return await base.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        }

        var process = Start(CopyArguments());
        // Buffered: a frame's box headers and bytes arrive together, so one read takes them all.
        var reader = new FragmentedMp4Reader(new BufferedStream(process.BlockingOutput, 1 << 16));
        try
        {
            try
            {
                await reader.ReadInitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                await process.SettleAsync().ConfigureAwait(false); // its stderr says why, and whether the codec is the reason
                throw;
            }

            return new Mp4FrameSource(reader);
        }
        catch (Exception e) when (e is InvalidDataException || (e is EndOfStreamException && (process.Said("Could not find tag for codec") || process.Said("not currently supported in container"))))
        {
            // Not H.264/H.265 (or ffmpeg cannot put it in MP4): transcode from now on.
            await DisconnectAsync().ConfigureAwait(false);
            Volatile.Write(ref _transcode, true);
            return await base.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override Task<(Stream Stream, string? Boundary)> ConnectAsync(CancellationToken cancellationToken) =>
        Task.FromResult<(Stream, string?)>((Start(TranscodeArguments()).BlockingOutput, "ffmpeg"));

    /// <inheritdoc />
    protected override async ValueTask DisconnectAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _started, null)?.Dispose();
    }

    /// <inheritdoc />
    protected override string Describe() => $"ffmpeg camera '{Descriptor.DeviceId}' reading {Mask(_input)}";

    /// <inheritdoc />
    protected override string Explain(Exception error) => Volatile.Read(ref _process) is { } process ? process.Explain(error.Message) : error.Message;

    /// <summary>Hides the password of <c>scheme://user:password@host</c> URLs.</summary>
    internal static string Mask(string text) => FfmpegProcess.Mask(text);

    private FfmpegProcess Start(IEnumerable<string> arguments)
    {
        var process = FfmpegProcess.Start(_ffmpeg, arguments);
        Volatile.Write(ref _process, process);
        return process;
    }

    private List<string> InputArguments()
    {
        var input = FfmpegInput.Create(_input, _credentials, _loop);
        Interlocked.Exchange(ref _started, input)?.Dispose();
        return ["-hide_banner", "-loglevel", "error", "-nostdin", .. input.Arguments, "-an"];
    }

    /// <summary>The bitstream as it is, one MP4 fragment per frame, written as soon as each frame arrives.</summary>
    private List<string> CopyArguments() =>
        [.. InputArguments(), "-c:v", "copy", "-f", "mp4", "-movflags", "frag_every_frame+empty_moov+default_base_moof", "-flush_packets", "1", "pipe:1"];

    private List<string> TranscodeArguments()
    {
        var arguments = InputArguments();
        if (_frameRate is { } rate)
        {
            arguments.AddRange(["-r", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-f", "mpjpeg", "-q:v", _quality.ToString(CultureInfo.InvariantCulture), "pipe:1"]);
        return arguments;
    }

    /// <summary>The samples of ffmpeg's fragmented MP4 output as frames.</summary>
    private sealed class Mp4FrameSource(FragmentedMp4Reader reader) : IFrameSource
    {
        public ValueTask<VideoFrame?> ReadAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken) =>
            reader.ReadFrameAsync(pool, info, cancellationToken);
    }
}
