using System.Globalization;
using Capture.Core.Frames;
using Capture.Core.Video;

namespace Capture.Drivers.Ffmpeg;

/// <summary>Decodes H.264/H.265 frames already received into BGRA frames, through an ffmpeg child fed fragmented MP4 on its stdin: never a second connection to the camera.</summary>
/// <remarks>
/// The decoder is fed the camera's own samples (init segment, then one fragment per frame, decode times counted from
/// the first frame fed, which must be a keyframe) and returns raw frames in fragmented MOV, so each decoded frame
/// comes back with its presentation time and can be matched to the frame it came from. With a rate, ffmpeg keeps
/// only frames at least 1/rate apart (its <c>select</c> filter): every frame is decoded, as P-frames need, but only
/// the kept ones are converted and copied back.
/// </remarks>
public sealed class FfmpegVideoDecoder : IAsyncDisposable
{
    private readonly FfmpegProcess _process;
    private readonly FragmentedMp4Reader _output;
    private readonly EncodedVideoStream _stream;
    private readonly byte[] _header = new byte[Mp4Fragment.HeaderLength(1)];
    private long _origin = -1;
    private uint _sequence;
    private bool _initWritten;

    private FfmpegVideoDecoder(FfmpegProcess process, EncodedVideoStream stream)
    {
        _process = process;
        _stream = stream;
        _output = new FragmentedMp4Reader(process.BlockingOutput); // blocking reads only off the thread pool
    }

    /// <summary>Starts a decoder for <paramref name="stream"/>; with <paramref name="frameRate"/>, frames come out at most that often.</summary>
    public static FfmpegVideoDecoder Start(EncodedVideoStream stream, double? frameRate = null, string ffmpeg = "ffmpeg")
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Frames at least one interval apart, less a millisecond so a 30 fps camera's 200.0 ms steps are never read as 199.99.
        string? filter = frameRate is { } rate && rate > 0
            ? string.Create(CultureInfo.InvariantCulture, $"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{(1 / rate) - 0.001:0.######})'")
            : null;
        return new FfmpegVideoDecoder(FfmpegProcess.Start(ffmpeg, Arguments(stream, filter), input: true), stream);
    }

    /// <summary>Decodes a group of pictures (keyframe first) and returns its last picture; the decoder runs once and exits.</summary>
    /// <exception cref="InvalidDataException">The group does not start with a keyframe, or ffmpeg produced no picture.</exception>
    public static async Task<VideoFrame> DecodeLastAsync(IReadOnlyList<VideoFrame> group, FramePool pool, CancellationToken cancellationToken, string ffmpeg = "ffmpeg")
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Count == 0 || group[0].Info.Stream is not { } stream || !group[0].Info.IsKeyFrame)
        {
            throw new InvalidDataException("No keyframe has arrived yet to decode a picture from.");
        }

        string filter = string.Create(CultureInfo.InvariantCulture, $"select='eq(n\\,{group.Count - 1})'");
        await using var decoder = new FfmpegVideoDecoder(FfmpegProcess.Start(ffmpeg, [.. Arguments(stream, filter), "-frames:v", "1"], input: true), stream);
        var reading = decoder.ReadAsync(pool, cancellationToken).AsTask();
        try
        {
            foreach (var frame in group)
            {
                await decoder.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            decoder.Complete();
        }

        return await reading.ConfigureAwait(false) ?? throw new InvalidDataException(decoder.Explain("ffmpeg decoded no picture"));
    }

    /// <summary>Feeds one frame of the stream (the first must be a keyframe).</summary>
    public async ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var input = _process.Input;
        if (!_initWritten)
        {
            await input.WriteAsync(_stream.InitSegment, cancellationToken).ConfigureAwait(false);
            _initWritten = true;
        }

        var info = frame.Info;
        if (_origin < 0)
        {
            _origin = info.DecodeTime;
        }

        int duration = Math.Max(1, _stream.Timescale / 30); // only the last frame's duration is unknown, and a decoder ignores it
        int length = Mp4Fragment.WriteHeader(_header, ++_sequence, _stream.TrackId, info.DecodeTime - _origin, [new Mp4Sample(frame.Length, duration, info.CompositionOffset, info.IsKeyFrame)]);
        await input.WriteAsync(_header.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        await input.WriteAsync(frame.Memory, cancellationToken).ConfigureAwait(false);
        await input.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next decoded frame, or null when ffmpeg has finished; its <see cref="VideoFrameInfo.DecodeTime"/> is its presentation time counted from the first frame fed.</summary>
    public async ValueTask<VideoFrame?> ReadAsync(FramePool pool, CancellationToken cancellationToken)
    {
        if (_output.Stream is null)
        {
            try
            {
                await _output.ReadInitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                return null;
            }
        }

        return await _output.ReadFrameAsync(pool, default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>No more frames: ffmpeg drains what it has and exits.</summary>
    public void Complete()
    {
        try
        {
            _process.Input.Close();
        }
        catch (IOException)
        {
            // ffmpeg is gone already.
        }
    }

    /// <summary><paramref name="message"/> with what ffmpeg last said.</summary>
    public string Explain(string message) => _process.Explain(message);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static List<string> Arguments(EncodedVideoStream stream, string? filter)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-probesize", "32", "-analyzeduration", "0", "-f", "mp4", "-i", "pipe:0", "-an" };
        if (filter is not null)
        {
            arguments.AddRange(["-vf", filter]);
        }

        arguments.AddRange([
            "-fps_mode", "passthrough", "-c:v", "rawvideo", "-pix_fmt", "bgra",
            "-f", "mov", "-movflags", "frag_every_frame+empty_moov+default_base_moof",
            "-video_track_timescale", stream.Timescale.ToString(CultureInfo.InvariantCulture), "pipe:1"]);
        return arguments;
    }
}
