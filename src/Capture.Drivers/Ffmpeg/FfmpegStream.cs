using System.Globalization;
using System.Net;
using Capture.Core.Frames;
using Capture.Core.Video;
using Capture.Drivers.Mjpeg;

namespace Capture.Drivers.Ffmpeg;

/// <summary>A camera's frames through one ffmpeg child: H.264/H.265 copied (<c>-c:v copy</c>, fragmented MP4 on stdout), anything else transcoded to MJPEG.</summary>
/// <remarks>
/// The codec is found out from ffmpeg's first initialization segment (or its "could not find tag"); a source that is
/// not H.264/H.265 is transcoded from then on. One process at a time: started on open, killed on disconnect with its
/// children. Its last lines of stderr explain a failure, credentials masked.
/// </remarks>
internal sealed class FfmpegStream(string ffmpeg, string input, double? frameRate, bool loop, int quality, NetworkCredential? credentials)
{
    private FfmpegProcess? _process;
    private FfmpegInput? _started;
    private bool _transcode;

    /// <summary>True once the source turned out not to be H.264/H.265, so ffmpeg transcodes it to MJPEG.</summary>
    public bool Transcodes => Volatile.Read(ref _transcode);

    /// <summary>Starts ffmpeg and returns its frames.</summary>
    public async Task<IFrameSource> OpenAsync(CancellationToken cancellationToken)
    {
        if (Transcodes)
        {
            return Transcoded();
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
            return Transcoded();
        }
    }

    /// <summary>Kills ffmpeg (a read of its output then ends) and deletes its input script.</summary>
    public async ValueTask DisconnectAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _started, null)?.Dispose();
    }

    /// <summary><paramref name="message"/> with what ffmpeg last said.</summary>
    public string Explain(string message) => Volatile.Read(ref _process) is { } process ? process.Explain(message) : message;

    private MultipartJpegReader Transcoded() => new(Start(TranscodeArguments()).BlockingOutput, "ffmpeg");

    private FfmpegProcess Start(IEnumerable<string> arguments)
    {
        var process = FfmpegProcess.Start(ffmpeg, arguments);
        Volatile.Write(ref _process, process);
        return process;
    }

    private List<string> InputArguments()
    {
        var started = FfmpegInput.Create(input, credentials, loop);
        Interlocked.Exchange(ref _started, started)?.Dispose();
        return ["-hide_banner", "-loglevel", "error", "-nostdin", .. started.Arguments, "-an"];
    }

    /// <summary>The bitstream as it is, one MP4 fragment per frame, written as soon as each frame arrives.</summary>
    private List<string> CopyArguments() =>
        [.. InputArguments(), "-c:v", "copy", "-f", "mp4", "-movflags", "frag_every_frame+empty_moov+default_base_moof", "-flush_packets", "1", "pipe:1"];

    private List<string> TranscodeArguments()
    {
        var arguments = InputArguments();
        if (frameRate is { } rate)
        {
            arguments.AddRange(["-r", rate.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-f", "mpjpeg", "-q:v", quality.ToString(CultureInfo.InvariantCulture), "pipe:1"]);
        return arguments;
    }

    /// <summary>The samples of ffmpeg's fragmented MP4 output as frames.</summary>
    private sealed class Mp4FrameSource(FragmentedMp4Reader reader) : IFrameSource
    {
        public ValueTask<VideoFrame?> ReadAsync(FramePool pool, VideoFrameInfo info, CancellationToken cancellationToken) =>
            reader.ReadFrameAsync(pool, info, cancellationToken);
    }
}
