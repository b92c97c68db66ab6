using Capture.Core.Frames;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages.Processors;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Sinks;

/// <summary>Recording files under crashes, restarts, size limits and gaps: nothing finished is lost or overwritten.</summary>
public sealed class RecordingFileSpecs : IDisposable
{
    private static readonly CameraId s_camera = new("cam-1");
    private readonly string _root = Directory.CreateTempSubdirectory("recording-files-").FullName;
    private readonly FramePool _pool = new();

    [ToolFact("ffmpeg", "ffprobe")]
    public async Task An_MP4_segment_cut_anywhere_should_be_recovered_up_to_its_last_complete_fragment()
    {
        var frames = await TestStreams.H264Async(_pool, 75, DateTime.UtcNow);
        var sink = new Mp4VideoSink(_root, s_camera, TimeSpan.FromMinutes(10));
        foreach (var frame in frames)
        {
            await sink.WriteAsync(frame, CancellationToken.None);
        }

        // The crash: the file as it stood on disk mid-segment, cut inside a fragment, never closed.
        string part = Directory.GetFiles(_root, "*.mp4.part", SearchOption.AllDirectories).Single();
        string crashed = Path.Combine(_root, "crashed");
        string copy = Path.Combine(Directory.CreateDirectory(Path.Combine(crashed, "cam-1", "video", "day")).FullName, Path.GetFileName(part));
        File.Copy(part, copy);
        using (var file = new FileStream(copy, FileMode.Open))
        {
            file.SetLength(file.Length - 1000);
        }

        var recovered = RecordingRecovery.Run(crashed, s_camera);

        string final = Assert.Single(recovered);
        Assert.Equal(copy[..^".part".Length], final);
        Ffprobe.AssertPlays(final);
        Assert.InRange(Ffprobe.Packets(final), 30, 74); // whole fragments (at most a second, cut at keyframes) of the 60 flushed so far
        Assert.True(Ffprobe.OpensWithKeyframe(final));
        await sink.CompleteAsync(CancellationToken.None);
        Assert.Equal(75, Ffprobe.Packets(Assert.Single(sink.Segments)));
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public void Partial_files_with_nothing_to_keep_and_temporary_images_should_be_cleaned_and_finished_files_left_alone()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_root, "cam-1", "video", "day")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "cam-1-20260101-000000-000.mp4.part"), new byte[100]);
        File.WriteAllBytes(Path.Combine(folder, "cam-1-20260101-000000-000.avi.part"), new byte[100]);
        File.WriteAllBytes(Path.Combine(folder, "000001.jpg.tmp"), []);
        File.WriteAllText(Path.Combine(folder, "frames-000000.jsonl.part"), "{\"sequence\":1}\n{\"seq");
        File.WriteAllText(Path.Combine(folder, "finished.mp4"), "untouched");

        var recovered = RecordingRecovery.Run(_root, s_camera);

        Assert.Equal([Path.Combine(folder, "frames-000000.jsonl")], recovered);
        Assert.Equal("{\"sequence\":1}\n", File.ReadAllText(recovered[0]));
        Assert.Equal(["finished.mp4", "frames-000000.jsonl"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("untouched", File.ReadAllText(Path.Combine(folder, "finished.mp4")));
    }

    [ToolFact("ffprobe")]
    public async Task An_unfinished_AVI_segment_should_be_indexed_and_kept()
    {
        var sink = new MjpegVideoSink(_root, s_camera, TimeSpan.FromMinutes(10));
        var start = DateTime.UtcNow;
        foreach (var jpeg in Jpegs(30, start))
        {
            await sink.WriteAsync(jpeg, CancellationToken.None);
            jpeg.Dispose();
        }

        string part = Directory.GetFiles(_root, "*.avi.part", SearchOption.AllDirectories).Single();
        string crashed = Path.Combine(_root, "crashed");
        string copy = Path.Combine(Directory.CreateDirectory(Path.Combine(crashed, "cam-1", "video", "day")).FullName, Path.GetFileName(part));
        File.Copy(part, copy);

        string final = Assert.Single(RecordingRecovery.Run(crashed, s_camera));
        Assert.InRange(Ffprobe.Packets(final), 25, 30); // what the writer's buffer had flushed
        sink.Dispose();
    }

    [Fact]
    public async Task MJPEG_segments_should_never_exceed_the_size_cap_and_a_gap_should_start_a_new_one()
    {
        var sink = new MjpegVideoSink(_root, s_camera, TimeSpan.FromMinutes(60), maxSegmentBytes: 1 << 20);
        var start = DateTime.UtcNow;
        foreach (var jpeg in Jpegs(120, start).Concat(Jpegs(10, start.AddMinutes(1))))
        {
            await sink.WriteAsync(jpeg, CancellationToken.None);
            jpeg.Dispose();
        }

        await sink.CompleteAsync(CancellationToken.None);

        long total = sink.Segments.Sum(s => new FileInfo(s).Length);
        Assert.True(total > 3 << 20, $"only {total} bytes written");
        Assert.All(sink.Segments, s => Assert.True(new FileInfo(s).Length <= 1 << 20, $"{s}: {new FileInfo(s).Length} bytes"));
        Assert.Equal(10, AviFrames(sink.Segments[^1])); // the minute's gap began a segment of its own
    }

    [Fact]
    public async Task A_restarted_images_sink_should_never_overwrite_the_images_of_the_same_day()
    {
        var start = DateTime.UtcNow;
        for (int run = 0; run < 2; run++)
        {
            var sink = new ImageSequenceSink(_root, s_camera);
            foreach (var jpeg in Jpegs(5, start.AddSeconds(run * 10)))
            {
                await sink.WriteAsync(jpeg, CancellationToken.None); // sequences 0..4 both times, as after a restart
                jpeg.Dispose();
            }

            await sink.CompleteAsync(CancellationToken.None);
            sink.Dispose();
        }

        Assert.Equal(10, Directory.GetFiles(_root, "*.jpg", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(_root, "*.tmp", SearchOption.AllDirectories));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static int AviFrames(string file) => BitConverter.ToInt32(File.ReadAllBytes(file), 48);

    /// <summary>Noisy 320×240 JPEGs (about 40 KB each) at 15 fps from <paramref name="start"/>, sequences from 0.</summary>
    private IEnumerable<VideoFrame> Jpegs(int count, DateTime start)
    {
        var encoder = new EncodeProcessor();
        var random = new Random(7);
        for (int i = 0; i < count; i++)
        {
            using var raw = TestFrames.Raw(_pool, i, 320, 240);
            random.NextBytes(raw.GetWritableSpan());
            var jpeg = encoder.Process(raw);
            jpeg.Reset(jpeg.Info with { UtcTime = start.AddMilliseconds(i * 66.7) }, jpeg.Length);
            yield return jpeg;
        }
    }
}
