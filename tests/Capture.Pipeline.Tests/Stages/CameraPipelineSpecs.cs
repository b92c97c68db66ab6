using System.Buffers.Binary;
using System.Text.Json;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Frames;
using Capture.Core.Media;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Stages.Processors;
using Capture.Pipeline.Tests.Infrastructure;
using SkiaSharp;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>A whole camera pipeline on a synthetic camera, recording to disk; the files are checked as a user would.</summary>
public sealed class CameraPipelineSpecs : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"recordings-{Guid.NewGuid():N}");
    private readonly SyntheticCameraDriver _camera = new("cam-1");
    private MediaDevices _devices = null!;
    private MediaStreamTrack _track = null!;

    public async Task InitializeAsync()
    {
        _devices = new MediaDevices(_camera);
        var stream = await _devices.GetUserMediaAsync(new() { Video = new MediaTrackConstraints { Width = 320, Height = 240, FrameRate = 30 } });
        _track = stream.GetVideoTracks()[0];
    }

    public async Task DisposeAsync()
    {
        await _devices.DisposeAsync();
        await _camera.DisposeAsync();
        Assert.Equal(0, _camera.Pool.Outstanding);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Pipeline_should_record_decodable_files_with_monotonic_sidecars_and_close_them_on_stop()
    {
        var encode = new EncodeProcessor(VideoPixelFormat.Jpeg, 80);
        var images = new ImageSequenceSink(_root, new CameraId("cam-1"));
        var video = new MjpegVideoSink(_root, new CameraId("cam-1"), TimeSpan.FromSeconds(1));
        var pipeline = CameraPipeline.Start("cam-1", [new OverlayProcessor("cam-1"), encode], [new(images, ChannelSettings.Recording), new(video, ChannelSettings.Recording)], new ChannelSettings(4, System.Threading.Channels.BoundedChannelFullMode.DropOldest));
        pipeline.Attach(_track);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.True(await pipeline.StopAsync(TimeSpan.FromSeconds(10)));

        var written = pipeline.Metrics.Single(m => m.Stage == "sink:images").FramesOut;
        Assert.True(written > 40, $"only {written} frames written");
        Assert.Empty(Directory.GetFiles(_root, "*.part", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(0, encode.Pool.Outstanding);

        // Images: every one decodes at the camera's size.
        var jpegs = Directory.GetFiles(_root, "*.jpg", SearchOption.AllDirectories).Order().ToArray();
        Assert.Equal(written, jpegs.Length);
        foreach (var jpeg in new[] { jpegs[0], jpegs[^1] })
        {
            using var bitmap = SKBitmap.Decode(jpeg);
            Assert.Equal((320, 240), (bitmap.Width, bitmap.Height));
        }

        // Sidecar: one line a frame, sequences increasing, every gap explained by droppedBefore, clocks monotonic.
        var lines = File.ReadAllLines(Directory.GetFiles(_root, "*.jsonl", SearchOption.AllDirectories).Single()).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(jpegs.Length, lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            long gap = lines[i].GetProperty("sequence").GetInt64() - lines[i - 1].GetProperty("sequence").GetInt64();
            Assert.Equal(gap - 1, lines[i].GetProperty("droppedBefore").GetInt64());
            Assert.True(lines[i].GetProperty("hostTimestampTicks").GetInt64() > lines[i - 1].GetProperty("hostTimestampTicks").GetInt64());
            Assert.True(lines[i].GetProperty("deviceTimestampMs").GetDouble() > lines[i - 1].GetProperty("deviceTimestampMs").GetDouble());
            Assert.True(lines[i].GetProperty("utc").GetDateTime() >= lines[i - 1].GetProperty("utc").GetDateTime());
        }

        // Video: segments rotated by duration, every one a valid AVI holding all its frames.
        Assert.True(video.Segments.Count >= 2, $"{video.Segments.Count} segments");
        long framesInSegments = video.Segments.Sum(AviFrameCount);
        Assert.Equal(pipeline.Metrics.Single(m => m.Stage == "sink:video").FramesOut, framesInSegments);
        if (Tools.Find("ffprobe") is { } ffprobe) // required on CI; elsewhere the RIFF check above still stands
        {
            foreach (var segment in video.Segments)
            {
                string probe = Tools.Run(ffprobe, "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", segment);
                Assert.Equal($"mjpeg,320,240,{AviFrameCount(segment)}", probe.Trim());
            }
        }
    }

    [Fact]
    public async Task Consecutive_processors_should_take_each_frame_in_turn_on_one_loop()
    {
        // A queue between the overlay and the encoder cost a wake-up per frame and let the frame leave the cache.
        var (first, second) = (new MarkingProcessor(), new CheckingProcessor());
        var sink = new RecordingSink("frames");
        var pipeline = CameraPipeline.Start("cam-1", [first, second], [new(sink, ChannelSettings.Recording)], new ChannelSettings(4, System.Threading.Channels.BoundedChannelFullMode.DropOldest));
        pipeline.Attach(_track);

        await Eventually.UntilAsync(() => second.Seen >= 30, "30 frames through both processors");
        Assert.True(await pipeline.StopAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(0, second.NotJustMarked);
        Assert.Equal(["source", "marking", "checking", "sink:frames", "fan-out"], pipeline.Metrics.Select(m => m.Stage));
        Assert.All(pipeline.Metrics.Where(m => m.Stage is "marking" or "checking"), m => Assert.True(m.FramesOut >= 30, $"{m.Stage} counted {m.FramesOut} frames"));
    }

    [Fact]
    public async Task Pipeline_should_keep_recording_across_a_new_track()
    {
        var sink = new RecordingSink("frames");
        var pipeline = CameraPipeline.Start("cam-1", [], [new(sink, ChannelSettings.Recording)], new ChannelSettings(4, System.Threading.Channels.BoundedChannelFullMode.DropOldest));
        pipeline.Attach(_track);
        await Task.Delay(300);

        _track.Stop();
        var stream = await _devices.GetUserMediaAsync(new() { Video = true });
        pipeline.Attach(stream.GetVideoTracks()[0]);
        int before;
        lock (sink.Sequences)
        {
            before = sink.Sequences.Count;
        }

        await Task.Delay(300);
        await pipeline.StopAsync(TimeSpan.FromSeconds(5));

        Assert.True(sink.Sequences.Count > before, "frames of the new track arrived");
        Assert.Equal(sink.Sequences.Order(), sink.Sequences);
        Assert.True(sink.Completed);
    }

    /// <summary>Counts the frames in an AVI's idx1 index, and checks the RIFF sizes add up.</summary>
    private static long AviFrameCount(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(bytes.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        int idx1 = bytes.AsSpan().LastIndexOf("idx1"u8);
        int frames = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(idx1 + 4)) / 16;
        Assert.Equal(frames, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(48)));
        return frames;
    }

    /// <summary>Marks each frame on the thread that handles it.</summary>
    private sealed class MarkingProcessor : IFrameProcessor
    {
        [ThreadStatic]
        private static VideoFrame? t_marked;

        public string Name => "marking";

        public static bool JustMarked(VideoFrame frame) => ReferenceEquals(t_marked, frame);

        public VideoFrame Process(VideoFrame frame) => t_marked = frame;
    }

    /// <summary>Counts the frames that reach it other than straight from the marking processor, on the same thread.</summary>
    private sealed class CheckingProcessor : IFrameProcessor
    {
        private int _seen, _notJustMarked;

        public string Name => "checking";

        public int Seen => Volatile.Read(ref _seen);

        public int NotJustMarked => Volatile.Read(ref _notJustMarked);

        public VideoFrame Process(VideoFrame frame)
        {
            if (!MarkingProcessor.JustMarked(frame))
            {
                Interlocked.Increment(ref _notJustMarked);
            }

            Interlocked.Increment(ref _seen);
            return frame;
        }
    }
}
