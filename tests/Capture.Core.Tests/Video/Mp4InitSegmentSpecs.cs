using System.Buffers.Binary;
using System.Globalization;
using Capture.Core.Frames;
using Capture.Core.Video;

namespace Capture.Core.Tests.Video;

/// <summary>A stream described from its parameter sets alone (as an RTP camera gives them) must read as ffmpeg's own description of it, and ffmpeg must decode the camera's samples behind our initialization segment.</summary>
public sealed class Mp4InitSegmentSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("init-segment-").FullName;

    [ToolTheory("ffmpeg", "ffprobe")]
    [InlineData("libx264", "yuv420p", 320, 240)]
    [InlineData("libx264", "yuv420p", 178, 100)]   // cropped: coded as 192x112
    [InlineData("libx264", "yuv422p", 320, 240)]   // High 4:2:2: chroma format and bit depths in avcC
    [InlineData("libx264", "yuv444p", 320, 240)]   // High 4:4:4 Predictive
    [InlineData("libx264", "yuv420p10le", 320, 240)] // High 10
    [InlineData("libx265", "yuv420p", 320, 240)]
    [InlineData("libx265", "yuv420p", 178, 100)]   // a conformance window
    [InlineData("libx265", "yuv420p10le", 320, 240)] // Main 10
    public async Task A_stream_described_from_its_parameter_sets_should_match_ffmpegs_description_and_decode(string encoder, string pixelFormat, int width, int height)
    {
        var pool = new FramePool();
        var (ffmpegs, frames) = await EncodeAsync(encoder, pixelFormat, width, height, pool);
        var format = ffmpegs.Format;

        var ours = EncodedVideoStream.FromParameterSets(format, ParameterSets(ffmpegs), ffmpegs.Timescale);

        Assert.Equal((ffmpegs.Codec, ffmpegs.Width, ffmpegs.Height, ffmpegs.Timescale), (ours.Codec, ours.Width, ours.Height, ours.Timescale));
        Assert.Equal((width, height), (ours.Width, ours.Height));
        Assert.Equal(ParameterSets(ffmpegs).Select(Convert.ToHexString), ParameterSets(ours).Select(Convert.ToHexString));
        string file = Path.Combine(_folder, "ours.mp4");
        await File.WriteAllBytesAsync(file, Fragmented(ours, frames));
        string probed = Tools.Run(Tools.Find("ffprobe")!, "-v", "error", "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=codec_name,width,height,pix_fmt,nb_read_frames", "-of", "csv=p=0", file).Trim();
        Assert.Equal($"{(format == VideoPixelFormat.H264 ? "h264" : "hevc")},{width},{height},{pixelFormat},{frames.Count}", probed);
        Assert.Empty(Tools.Run(Tools.Find("ffmpeg")!, "-v", "error", "-i", file, "-f", "null", "-").Trim());
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public void A_stream_without_its_parameter_sets_should_be_refused_by_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => EncodedVideoStream.FromParameterSets(VideoPixelFormat.H264, [[0x68, 0xCE, 0x3C, 0x80]], 90000));
        Assert.Contains("SPS and PPS", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => EncodedVideoStream.FromParameterSets(VideoPixelFormat.H265, [[0x40, 0x01, 0x0C]], 90000));
        Assert.Throws<InvalidDataException>(() => EncodedVideoStream.FromParameterSets(VideoPixelFormat.H264, [[0x67, 0x42], [0x68, 0xCE]], 90000)); // a truncated SPS
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A short clip in fragmented MP4 as ffmpeg writes it (its own description), read back as frames.</summary>
    private async Task<(EncodedVideoStream Stream, List<VideoFrame> Frames)> EncodeAsync(string encoder, string pixelFormat, int width, int height, FramePool pool)
    {
        string file = Path.Combine(_folder, "ffmpeg.mp4");
        string[] quiet = encoder == "libx265" ? ["-x265-params", "log-level=error"] : [];
        Tools.Run(Tools.Find("ffmpeg")!, [
            "-v", "error", "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={width}x{height}:rate=15"), "-frames:v", "20",
            "-c:v", encoder, "-pix_fmt", pixelFormat, "-g", "10", "-bf", "0", .. quiet, "-f", "mp4", "-movflags", "frag_every_frame+empty_moov+default_base_moof", file]);
        await using var stream = File.OpenRead(file);
        var reader = new FragmentedMp4Reader(stream);
        var described = await reader.ReadInitAsync(CancellationToken.None);
        var frames = new List<VideoFrame>();
        while (await reader.ReadFrameAsync(pool, new VideoFrameInfo("cam", frames.Count, 0, 0, 0, VideoPixelFormat.H264, null, 0, default), CancellationToken.None) is { } frame)
        {
            frames.Add(frame);
        }

        return (described, frames);
    }

    /// <summary>Our initialization segment, then one fragment per frame.</summary>
    private static byte[] Fragmented(EncodedVideoStream stream, List<VideoFrame> frames)
    {
        using var file = new MemoryStream();
        file.Write(stream.InitSegment.Span);
        var header = new byte[Mp4Fragment.HeaderLength(1)];
        for (int i = 0; i < frames.Count; i++)
        {
            var info = frames[i].Info;
            int duration = (int)((i + 1 < frames.Count ? frames[i + 1].Info.DecodeTime : info.DecodeTime + (stream.Timescale / 15)) - info.DecodeTime);
            int length = Mp4Fragment.WriteHeader(header, (uint)i + 1, stream.TrackId, info.DecodeTime, [new Mp4Sample(frames[i].Length, duration, info.CompositionOffset, info.IsKeyFrame)]);
            file.Write(header, 0, length);
            file.Write(frames[i].Data);
        }

        return file.ToArray();
    }

    /// <summary>The parameter sets in a stream's avcC or hvcC, in order.</summary>
    private static List<byte[]> ParameterSets(EncodedVideoStream stream)
    {
        var moov = Child(stream.InitSegment.Span, "moov");
        var stsd = Child(Child(Child(Child(Child(moov, "trak"), "mdia"), "minf"), "stbl"), "stsd");
        var entry = stsd[8..];
        var children = entry[86..(int)BinaryPrimitives.ReadUInt32BigEndian(entry)];
        var sets = new List<byte[]>();
        if (stream.Format == VideoPixelFormat.H264)
        {
            var avcC = Child(children, "avcC");
            int at = 6;
            for (int list = 0, count = avcC[5] & 0x1F; list < 2; list++, count = avcC[at++])
            {
                for (int i = 0; i < count; i++, at += 2 + BinaryPrimitives.ReadUInt16BigEndian(avcC[at..]))
                {
                    sets.Add(avcC.Slice(at + 2, BinaryPrimitives.ReadUInt16BigEndian(avcC[at..])).ToArray());
                }
            }

            return sets;
        }

        var hvcC = Child(children, "hvcC");
        int position = 23;
        for (int array = 0; array < hvcC[22]; array++)
        {
            int count = BinaryPrimitives.ReadUInt16BigEndian(hvcC[(position + 1)..]);
            position += 3;
            for (int i = 0; i < count; i++)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(hvcC[position..]);
                sets.Add(hvcC.Slice(position + 2, length).ToArray());
                position += 2 + length;
            }
        }

        return sets.Where(s => ((s[0] >> 1) & 0x3F) is 32 or 33 or 34).ToList(); // x265 adds an SEI array
    }

    private static ReadOnlySpan<byte> Child(ReadOnlySpan<byte> boxes, string type)
    {
        for (int at = 0; at + 8 <= boxes.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32BigEndian(boxes[at..]);
            if (System.Text.Encoding.ASCII.GetString(boxes.Slice(at + 4, 4)) == type)
            {
                return boxes.Slice(at + 8, size - 8);
            }

            at += size;
        }

        return [];
    }
}
