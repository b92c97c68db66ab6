using System.Collections.Immutable;
using Capture.Core.Drivers;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Frames;
using Capture.Core.Media;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Tests.Stages.Motion;

/// <summary>The detector and its episodes, frame by frame at 5 fps of capture time: no clock, no threads, exact times.</summary>
public sealed class MotionDetectorSpecs
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(200);
    private static readonly MotionSettings s_settings = MotionSettings.Default;

    [Fact]
    public void A_moving_object_should_give_exactly_one_event_per_crossing_started_within_500_ms_of_its_entry()
    {
        var starts = new[] { TimeSpan.FromSeconds(10.07), TimeSpan.FromSeconds(30.13), TimeSpan.FromSeconds(50) };
        var scene = new MotionScene { Object = MotionScene.Crossings(TimeSpan.FromSeconds(5), starts) };

        var events = Run(scene, s_settings, TimeSpan.FromSeconds(70));

        Assert.True(events.Count(e => e.Motion.Phase == MotionEventPhase.Start) == 3, string.Join("\n", events.Select(e => $"{e.At} {e.Motion.Phase} {e.Motion.StartedUtc - MotionScene.Origin} {e.Motion.Score}")));
        Assert.Equal(3, events.Count(e => e.Motion.Phase == MotionEventPhase.End));
        foreach (var (entry, started) in starts.Zip(events.Where(e => e.Motion.Phase == MotionEventPhase.Start)))
        {
            var delay = started.At - entry;
            Assert.True(delay >= TimeSpan.Zero && delay < TimeSpan.FromMilliseconds(500), $"the event for the crossing at {entry} started {delay.TotalMilliseconds} ms after it");
            var ended = events.Single(e => e.Motion.Phase == MotionEventPhase.End && e.Motion.Id == started.Motion.Id);
            Assert.InRange(ended.Motion.EndedUtc!.Value - MotionScene.Origin, entry + TimeSpan.FromSeconds(4.5), entry + TimeSpan.FromSeconds(5.2));
        }
    }

    [Fact]
    public void The_synthetic_cameras_scripted_object_should_give_exactly_one_event_per_crossing_each_within_500_ms()
    {
        // The demo's scene (config/events-demo.conf) rendered frame by frame at 15 fps, looked at 5 times a second.
        var script = new SyntheticSceneScript { Still = true, Noise = 4, ObjectEvery = TimeSpan.FromSeconds(15), ObjectCrossing = TimeSpan.FromSeconds(4), ObjectSize = 0.25 };
        var scene = new SyntheticScene { Script = script };
        var profile = CameraProfile.Default;
        scene.Configure(profile.Settings with { FrameRate = 15 }, profile.Capabilities);
        var settings = s_settings with { Masks = [Zone("clock", 0, 0, 0.45, 0.07)] };
        var detector = new MotionDetector(settings);
        var episode = new MotionEpisode(new CameraId("yard"), "all", settings);
        var pool = new FramePool(maxRetained: 2);
        var starts = new List<TimeSpan>();
        var entries = new List<TimeSpan>();
        const int Width = 640, Height = 360;

        for (long frameNumber = 0; frameNumber < 15 * 120; frameNumber++)
        {
            var time = TimeSpan.FromSeconds(frameNumber / 15.0);
            if (script.ObjectInView(time) && !script.ObjectInView(time - TimeSpan.FromSeconds(1 / 15.0)))
            {
                entries.Add(time);
            }

            if (frameNumber % 3 != 0)
            {
                continue;
            }

            var info = new VideoFrameInfo("yard", frameNumber, Width, Height, Width * 4, VideoPixelFormat.Bgra32, time, 0, MotionScene.Origin + time);
            using var frame = pool.Rent(info, Width * 4 * Height);
            scene.Render(frame.GetWritableSpan(), Width, Height, Width * 4, frameNumber, MotionScene.Origin + time);
            if (episode.Observe(info.UtcTime, detector.Observe(frame)[0]) is { Phase: MotionEventPhase.Start })
            {
                starts.Add(time);
            }
        }

        Assert.Equal(8, entries.Count);
        Assert.Equal(entries.Count, starts.Count);
        Assert.All(entries.Zip(starts), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.Zero, TimeSpan.FromMilliseconds(499)));
    }

    [Fact]
    public void A_still_scene_with_sensor_noise_should_give_no_event_over_ten_minutes()
    {
        var scene = new MotionScene(noise: 12);

        var events = Run(scene, s_settings, TimeSpan.FromMinutes(10));

        Assert.Empty(events);
    }

    [Fact]
    public void Lights_switched_on_should_give_no_event()
    {
        var scene = new MotionScene { Light = time => time > TimeSpan.FromSeconds(5) ? 60 : 0 };

        Assert.Empty(Run(scene, s_settings, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void An_object_that_pauses_for_less_than_end_after_should_stay_one_event()
    {
        // Moves for 3 s, stands still out of view for 1 s (under end-after = 3 s), moves again for 3 s.
        var scene = new MotionScene { Object = MotionScene.Crossings(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(9)) };

        var events = Run(scene, s_settings, TimeSpan.FromSeconds(20));

        Assert.Single(events, e => e.Motion.Phase == MotionEventPhase.Start);
        Assert.Single(events, e => e.Motion.Phase == MotionEventPhase.End);
    }

    [Fact]
    public void Motion_should_be_reported_in_the_zones_it_crosses_and_never_under_a_mask()
    {
        // The square crosses the middle band only; the top-left zone never sees it, the mask hides the right half.
        var settings = s_settings with
        {
            Zones = [Zone("band", 0, 0.3, 1, 0.7), Zone("corner", 0, 0, 0.2, 0.2)],
            Masks = [Zone("right", 0.5, 0, 1, 1)],
        };
        var scene = new MotionScene { Object = MotionScene.Crossings(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(3)) };

        var events = Run(scene, settings, TimeSpan.FromSeconds(15));

        var started = Assert.Single(events, e => e.Motion.Phase == MotionEventPhase.Start);
        Assert.Equal("band", started.Motion.Zone);
        var ended = Assert.Single(events, e => e.Motion.Phase == MotionEventPhase.End);
        Assert.True(ended.Motion.EndedUtc - MotionScene.Origin < TimeSpan.FromSeconds(6.5), $"the masked half moved the event's end to {ended.Motion.EndedUtc - MotionScene.Origin}");
    }

    [Fact]
    public void Motion_shorter_than_min_duration_should_start_no_event()
    {
        // In view for one frame only.
        var scene = new MotionScene { Object = time => time >= TimeSpan.FromSeconds(5) && time < TimeSpan.FromSeconds(5.1) ? (0.5, 0.5) : null };

        Assert.Empty(Run(scene, s_settings, TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(0.3, 0.15, true)]
    [InlineData(0.85, 0.8, true)]
    [InlineData(0.5, 0.5, false)] // in the notch
    [InlineData(0.7, 0.8, false)]
    [InlineData(0.05, 0.5, false)]
    public void Polygons_should_hold_the_points_inside_them(double x, double y, bool inside)
    {
        ImmutableArray<Point2D> notched = [new(0.1, 0.1), new(0.9, 0.1), new(0.9, 0.9), new(0.5, 0.3), new(0.1, 0.9)];

        Assert.Equal(inside, MotionDetector.Contains(notched, x, y));
    }

    private static MotionZone Zone(string name, double left, double top, double right, double bottom) =>
        new(name, [new(left, top), new(right, top), new(right, bottom), new(left, bottom)]);

    /// <summary>Feeds the scene at 5 fps through a detector and an episode per zone; each event with the capture time of the frame that produced it.</summary>
    private static List<(TimeSpan At, MotionEvent Motion)> Run(MotionScene scene, MotionSettings settings, TimeSpan duration)
    {
        var detector = new MotionDetector(settings);
        var episodes = detector.Zones.Select(zone => new MotionEpisode(new CameraId("cam-1"), zone, settings)).ToArray();
        var events = new List<(TimeSpan, MotionEvent)>();
        long sequence = 0;
        for (var time = TimeSpan.Zero; time < duration; time += s_interval)
        {
            using var frame = scene.Frame(time, sequence++);
            var scores = detector.Observe(frame);
            for (int zone = 0; zone < episodes.Length; zone++)
            {
                if (episodes[zone].Observe(frame.Info.UtcTime, scores[zone]) is { } motion)
                {
                    events.Add((time, motion));
                }
            }
        }

        return events;
    }
}
