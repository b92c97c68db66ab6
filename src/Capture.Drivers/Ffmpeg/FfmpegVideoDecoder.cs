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
    /// <summary>A one-shot decoder keeps only pictures from this time on, where the picture wanted is moved: 18 hours, which no group of pictures lasts, under the 30 hours beyond which ffmpeg discards a time as invalid.</summary>
    private const int LastPictureSeconds = 1 << 16;

    private static readonly IReadOnlyList<string> OneShotArguments = Arguments($"select='gte(t\\,{LastPictureSeconds})'", timescale: null, frames: 1);

    private readonly FfmpegProcess _process;
    private readonly FragmentedMp4Reader _output;
    private readonly EncodedVideoStream _stream;
    private byte[] _fragment = new byte[64 * 1024]; // one fragment (header and sample), written at once: the decoder wakes once per frame
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
        return new FfmpegVideoDecoder(FfmpegProcess.Start(ffmpeg, Arguments(filter, stream.Timescale), input: true), stream);
    }

    /// <summary>Decodes a group of pictures (keyframe first) and returns its last picture, with a decoder that runs once and exits.</summary>
    /// <remarks>The decoder's command line is the same for every group (the picture wanted is the one moved to <see cref="LastPictureSeconds"/>), so it is started before it is needed: see <see cref="SpareDecoder"/>.</remarks>
    /// <exception cref="InvalidDataException">The group does not start with a keyframe, or ffmpeg produced no picture.</exception>
    public static async Task<VideoFrame> DecodeLastAsync(IReadOnlyList<VideoFrame> group, FramePool pool, CancellationToken cancellationToken, string ffmpeg = "ffmpeg")
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.Count == 0 || group[0].Info.Stream is not { } stream || !group[0].Info.IsKeyFrame)
        {
            throw new InvalidDataException("No keyframe has arrived yet to decode a picture from.");
        }

        try
        {
            await using var decoder = new FfmpegVideoDecoder(SpareDecoder.Take(ffmpeg, OneShotArguments), stream);
            // Read on the pool: off it the pipe's reads block (BlockingPipeStream), and a caller on its own thread (an
            // application's Main, a test runner's thread) would wait for a picture before writing the frames it comes from.
            var reading = Task.Run(() => decoder.ReadAsync(pool, cancellationToken).AsTask(), cancellationToken);
            try
            {
                // ffmpeg counts times from the first frame, so a keyframe alone is fed twice (decoding it again gives the same picture) to be moved.
                var frames = group.Count == 1 ? [group[0], group[0]] : group;
                for (int i = 0; i < frames.Count; i++)
                {
                    long delay = i == frames.Count - 1 ? (long)LastPictureSeconds * stream.Timescale : 0;
                    await decoder.WriteAsync(frames[i], delay, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                decoder.Complete();
            }

            return await reading.ConfigureAwait(false) ?? throw new InvalidDataException(decoder.Explain("ffmpeg decoded no picture"));
        }
        finally
        {
            _ = Task.Run(() => SpareDecoder.Prepare(ffmpeg, OneShotArguments), CancellationToken.None);
        }
    }

    /// <summary>Feeds one frame of the stream (the first must be a keyframe).</summary>
    public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken) => WriteAsync(frame, 0, cancellationToken);

    /// <summary>Feeds one frame, its decode time moved <paramref name="delay"/> ticks later.</summary>
    private async ValueTask WriteAsync(VideoFrame frame, long delay, CancellationToken cancellationToken)
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
        int header = Mp4Fragment.HeaderLength(1);
        if (_fragment.Length < header + frame.Length)
        {
            _fragment = new byte[Math.Max(header + frame.Length, 2 * _fragment.Length)];
        }

        Mp4Fragment.WriteHeader(_fragment, ++_sequence, _stream.TrackId, info.DecodeTime - _origin + delay, [new Mp4Sample(frame.Length, duration, info.CompositionOffset, info.IsKeyFrame)]);
        frame.Data.CopyTo(_fragment.AsSpan(header));
        await input.WriteAsync(_fragment.AsMemory(0, header + frame.Length), cancellationToken).ConfigureAwait(false);
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

    private static List<string> Arguments(string? filter, int? timescale, int? frames = null)
    {
        List<string> arguments = ["-hide_banner", "-loglevel", "error", "-threads", "1", "-probesize", "32", "-analyzeduration", "0", "-f", "mp4", "-i", "pipe:0", "-an"];
        if (filter is not null)
        {
            arguments.AddRange(["-vf", filter]);
        }

        arguments.AddRange(["-fps_mode", "passthrough", "-c:v", "rawvideo", "-pix_fmt", "bgra", "-f", "mov", "-movflags", "frag_every_frame+empty_moov+default_base_moof"]);
        if (timescale is { } ticks)
        {
            arguments.AddRange(["-video_track_timescale", ticks.ToString(CultureInfo.InvariantCulture)]);
        }

        if (frames is { } count)
        {
            arguments.AddRange(["-frames:v", count.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.Add("pipe:1");
        return arguments;
    }
}
