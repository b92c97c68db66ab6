using System.Threading.Channels;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Frames;
using Capture.Core.Media;
using Capture.Core.Tests.TestKit;
using static Capture.Core.Tests.Imaging.ImageCaptureSpecs;

namespace Capture.Core.Tests.Media;

/// <summary>Track lifecycle, events, clones and frame readers (spec notes §1.4; pinned decisions 14, 15).</summary>
public sealed class MediaStreamTrackSpecs
{
    [Fact]
    public async Task Track_should_describe_its_camera()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        Assert.Equal(("video", "Synthetic camera cam-1", MediaStreamTrackState.Live, true, false), (track.Kind, track.Label, track.ReadyState, track.Enabled, track.Muted));
        Assert.Equal("cam-1", track.GetSettings().DeviceId);
        Assert.Equal("cam-1", track.GetCapabilities().DeviceId);
    }

    [Fact]
    public async Task Stop_should_end_every_frame_reader_without_raising_Ended()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        bool ended = false;
        track.Ended += (_, _) => ended = true;
        using var first = new MediaStreamTrackProcessor(track);
        using var second = new MediaStreamTrackProcessor(track);
        (await first.Readable.ReadAsync()).Dispose();

        track.Stop();

        await DrainAsync(first.Readable);
        await DrainAsync(second.Readable);
        Assert.Equal(MediaStreamTrackState.Ended, track.ReadyState);
        Assert.False(ended);
    }

    [Fact]
    public async Task Stop_should_leave_only_the_inherent_settings()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();

        track.Stop();
        track.Stop();

        Assert.Equal(new MediaTrackSettings { DeviceId = "cam-1", GroupId = "cam-1", FacingMode = "environment" }, track.GetSettings());
    }

    [Fact]
    public async Task A_device_fault_should_end_the_track_once_with_an_Ended_event()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        int ended = 0;
        track.Ended += (_, _) => Interlocked.Increment(ref ended);
        using var reader = new MediaStreamTrackProcessor(track);

        rig.Camera.Faults = new SyntheticFaults { DisconnectAfterFrames = 2 };
        await DrainAsync(reader.Readable);

        Assert.Equal(MediaStreamTrackState.Ended, track.ReadyState);
        Assert.Equal(1, ended);
        Assert.IsType<IOException>(track.EndedBy);
    }

    [Fact]
    public async Task A_stalled_source_should_mute_and_unmute_the_track()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var events = new List<string>();
        track.Mute += (_, _) => { lock (events) { events.Add("mute"); } };
        track.Unmute += (_, _) => { lock (events) { events.Add("unmute"); } };

        rig.Camera.Faults = new SyntheticFaults { StallAfterFrames = 0, StallDuration = TimeSpan.FromMilliseconds(200) };
        await WaitUntil(() => { lock (events) { return events.Count == 2; } });

        Assert.Equal(["mute", "unmute"], events);
        Assert.False(track.Muted);
    }

    [Fact]
    public async Task Clone_should_copy_constraints_and_enabled_and_share_the_camera()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync(new() { Width = 400 });
        track.Enabled = false;

        var clone = track.Clone();
        track.Stop();

        Assert.NotEqual(track.Id, clone.Id);
        Assert.False(clone.Enabled);
        Assert.Same(track.GetConstraints(), clone.GetConstraints());
        Assert.Equal(MediaStreamTrackState.Live, clone.ReadyState);
        clone.Enabled = true;
        using var frame = await new Capture.Core.Imaging.ImageCapture(clone).GrabFrameAsync();
        Assert.Equal(400, frame.Width);
    }

    [Fact]
    public async Task Clone_of_an_ended_track_should_be_ended()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        track.Stop();

        var clone = track.Clone();

        Assert.Equal(MediaStreamTrackState.Ended, clone.ReadyState);
        Assert.Equal("cam-1", clone.GetSettings().DeviceId);
    }

    [Fact]
    public async Task Readers_should_all_see_the_same_frames_without_copies()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        using var first = new MediaStreamTrackProcessor(track, maxBufferSize: 8);
        using var second = new MediaStreamTrackProcessor(track, maxBufferSize: 8);

        var a = await first.Readable.ReadAsync();
        var b = await second.Readable.ReadAsync();

        Assert.Same(a, b);
        a.Dispose();
        b.Dispose();
    }

    [Fact]
    public async Task A_slow_reader_should_drop_its_oldest_frames_and_count_them_without_slowing_others()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync(new() { FrameRate = 60 });
        using var slow = new MediaStreamTrackProcessor(track, maxBufferSize: 1);
        using var fast = new MediaStreamTrackProcessor(track, maxBufferSize: 2);

        long last = -1;
        for (int i = 0; i < 20; i++)
        {
            using var frame = await fast.Readable.ReadAsync();
            Assert.True(frame.Sequence > last);
            last = frame.Sequence;
        }

        Assert.True(slow.DroppedFrames >= 15, $"dropped {slow.DroppedFrames}");
        using var freshest = await slow.Readable.ReadAsync();
        Assert.True(freshest.Sequence >= last);
    }

    [Fact]
    public async Task A_disabled_track_should_deliver_black_frames()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 1);
        track.Enabled = false;
        (await reader.Readable.ReadAsync()).Dispose();

        using var frame = await reader.Readable.ReadAsync();

        Assert.All(frame.Data.ToArray().Chunk(4), pixel => Assert.Equal(new byte[] { 0, 0, 0, 255 }, pixel));
    }

    [Fact]
    public async Task Corrupt_frames_should_be_counted_and_dropped_while_the_camera_keeps_running()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync(new() { FrameRate = 60 });
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 16);
        rig.Camera.Faults = new SyntheticFaults { CorruptEveryNthFrame = 3 };

        for (int i = 0; i < 12; i++)
        {
            var frame = await reader.Readable.ReadAsync();
            Assert.Equal(frame.Info.ExpectedLength, frame.Length);
            frame.Dispose();
        }

        Assert.True(track.Stats.DiscardedFrames >= 3);
        Assert.Equal(track.Stats.TotalFrames, track.Stats.DeliveredFrames + track.Stats.DiscardedFrames);
        Assert.Equal(MediaStreamTrackState.Live, track.ReadyState);
    }

    [Fact]
    public async Task The_camera_should_close_when_its_last_track_stops_and_open_again_on_demand()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var clone = track.Clone();

        track.Stop();
        long afterFirstStop = rig.Camera.FramesProduced;
        await Task.Delay(200);
        Assert.True(rig.Camera.FramesProduced > afterFirstStop, "the clone keeps the camera open");

        clone.Stop();
        await track.Source.Closed;
        long closedAt = rig.Camera.FramesProduced;
        await Task.Delay(200);
        Assert.Equal(closedAt, rig.Camera.FramesProduced);

        var again = await rig.OpenTrackAsync();
        using var frame = await new Capture.Core.Imaging.ImageCapture(again).GrabFrameAsync();
        Assert.True(frame.Sequence >= closedAt);
    }

    private static async Task DrainAsync(ChannelReader<VideoFrame> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var frame in reader.ReadAllAsync(timeout.Token))
        {
            frame.Dispose();
        }
    }
}
