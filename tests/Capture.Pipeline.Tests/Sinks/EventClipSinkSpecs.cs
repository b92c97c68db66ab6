using Capture.Core.Frames;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages.Motion;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Sinks;

/// <summary>Recording around events: a real H.264 stream (a keyframe a second), events at scripted times, the clips read back with ffprobe.</summary>
public sealed class EventClipSinkSpecs : IDisposable
{
    private static readonly DateTime s_start = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Directory.CreateTempSubdirectory("event-clips-").FullName;
    private readonly FramePool _pool = new(maxRetained: 32);

    [ToolFact("ffmpeg", "ffprobe")]
    public async Task A_clip_should_open_with_the_keyframe_before_its_pre_roll_and_run_to_the_post_roll()
    {
        // Motion from 10.5 s to 13 s, reported 0.5 s late; pre-roll 3 s (from 7.5 s: the keyframe at 7 s), post-roll 2 s (to 15 s).
        var frames = await TestStreams.H264Async(_pool, 15 * 20, s_start);
        var sink = Sink(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2));
        var motion = Event(TimeSpan.FromSeconds(10.5));

        await PlayAsync(sink, frames, (TimeSpan.FromSeconds(11), motion), (TimeSpan.FromSeconds(13), motion with { Phase = MotionEventPhase.End, EndedUtc = s_start.AddSeconds(13) }));

        var clip = Assert.Single(Clips());
        Assert.True(Ffprobe.OpensWithKeyframe(clip), $"{clip} does not open with a keyframe");
        Ffprobe.AssertPlays(clip);
        Assert.InRange(Ffprobe.Packets(clip), 15 * 8, (15 * 8) + 1); // 7 s to 15 s
    }

    [ToolFact("ffmpeg", "ffprobe")]
    public async Task Events_apart_should_be_separate_clips_and_overlapping_ones_should_share_one()
    {
        var frames = await TestStreams.H264Async(_pool, 15 * 20, s_start);
        var sink = Sink(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var (a, b, c) = (Event(TimeSpan.FromSeconds(3)), Event(TimeSpan.FromSeconds(4)), Event(TimeSpan.FromSeconds(12)));

        await PlayAsync(
            sink,
            frames,
            (TimeSpan.FromSeconds(3), a),
            (TimeSpan.FromSeconds(4), b),
            (TimeSpan.FromSeconds(5), Ended(a, 5)),
            (TimeSpan.FromSeconds(6), Ended(b, 6)),
            (TimeSpan.FromSeconds(12), c),
            (TimeSpan.FromSeconds(13), Ended(c, 13)));

        var clips = Clips();
        Assert.Equal(2, clips.Length);
        Assert.All(clips, clip => Assert.True(Ffprobe.OpensWithKeyframe(clip)));
        Assert.Equal([15 * 5, 15 * 3], clips.Select(clip => Ffprobe.Packets(clip) / 15 * 15)); // 2 s to 7 s, then 11 s to 14 s
        Assert.Equal(0, sink.Buffered);
    }

    [Fact]
    public async Task Between_events_nothing_should_be_written_and_the_ring_should_hold_no_more_than_the_pre_roll_and_the_detection_delay()
    {
        var sink = Sink(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));

        for (int i = 0; i < 30 * 20; i++)
        {
            // JPEG-like frames: each its own keyframe.
            using var frame = _pool.Rent(new VideoFrameInfo("cam-1", i, 64, 48, 0, VideoPixelFormat.Jpeg, null, 0, s_start.AddSeconds(i / 30.0)), 100);
            await sink.WriteAsync(frame, CancellationToken.None);
            Assert.InRange(sink.Buffered, 1, (30 * 3) + 2); // pre-roll and detection delay
        }

        await sink.CompleteAsync(CancellationToken.None);
        Assert.Empty(Clips());
        Assert.Equal(0, sink.Buffered);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static MotionEvent Event(TimeSpan at) =>
        new(Guid.CreateVersion7(), new CameraId("cam-1"), "all", MotionEventPhase.Start, s_start + at, null, 0.1, ReadOnlyMemory<byte>.Empty);

    private static MotionEvent Ended(MotionEvent motion, double seconds) => motion with { Phase = MotionEventPhase.End, EndedUtc = s_start.AddSeconds(seconds) };

    private static async Task PlayAsync(EventClipSink sink, List<VideoFrame> frames, params (TimeSpan At, MotionEvent Motion)[] script)
    {
        int next = 0;
        foreach (var frame in frames)
        {
            // Events arrive as the motion branch sends them: once the frame at their time has been captured.
            while (next < script.Length && frame.Info.UtcTime >= s_start + script[next].At)
            {
                sink.OnMotion(script[next++].Motion);
            }

            using (frame)
            {
                await sink.WriteAsync(frame, CancellationToken.None);
            }
        }

        await sink.CompleteAsync(CancellationToken.None);
        sink.Dispose();
    }

    private EventClipSink Sink(TimeSpan preRoll, TimeSpan postRoll) =>
        new(() => new VideoSink(_root, new CameraId("cam-1"), TimeSpan.FromMinutes(5), 1 << 30), preRoll, postRoll, detectionDelay: TimeSpan.FromSeconds(1));

    private string[] Clips() => [.. Directory.GetFiles(_root, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".mp4", StringComparison.Ordinal) || f.EndsWith(".avi", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
