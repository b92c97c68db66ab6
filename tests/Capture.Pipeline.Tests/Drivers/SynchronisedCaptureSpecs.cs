using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Capture.Core.Frames;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Drivers;

/// <summary>A lab rig of four GigE Vision cameras (different serials, each on its own loopback address) triggered, started and photographed together.</summary>
[Collection(FakeGigECamera.Collection)]
public sealed class SynchronisedCaptureSpecs(ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output)
{
    private const int Cameras = 4;
    private const double FrameRate = 10;
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1 / FrameRate);

    // The fake camera's own latency on top of ours: after AcquisitionStart it sends its first frame at its next tick,
    // up to one interval later, and that frame then takes a few milliseconds to arrive.
    private static readonly TimeSpan s_fakeCameraSlack = TimeSpan.FromMilliseconds(50);

    [ToolFact("arv-fake-gv-camera-0.8", "loopback-addresses")]
    public async Task A_rig_trigger_should_give_one_frame_per_camera_per_trigger_within_one_frame_interval()
    {
        using var fakes = FakeGigECameras.Start(Cameras);
        // 5 fps: one interval (200 ms) holds the fake camera's own trigger latency, a 40 ms poll and, about once in
        // fifty triggers, its 100 ms idle loop, with room for ours.
        var rig = await StartRigAsync(fakes, "frame-rate = 5, trigger { mode = software }");
        var interval = TimeSpan.FromSeconds(1 / 5.0);

        await rig.TriggerAsync(Ids); // the fake cameras' first frames (their idle loop); from the second, they poll for a trigger every 40 ms, in phase
        var triggers = new List<RigFrames>();
        for (int i = 0; i < 10; i++)
        {
            triggers.Add(await rig.TriggerAsync(Ids));
        }

        foreach (var trigger in triggers)
        {
            Output?.WriteLine($"skew {trigger.Skew.TotalMilliseconds:0.0} ms: {string.Join(", ", trigger.Frames.Select(f => $"{f.CameraId} #{f.Sequence} +{(f.ArrivedAt - f.FiredAt).TotalMilliseconds:0.0} ms"))}");
            Assert.Empty(trigger.Failed);
            Assert.Equal(Ids, trigger.Frames.Select(f => f.CameraId.Value).Order());
            Assert.True(trigger.Skew < interval, $"skew {trigger.Skew.TotalMilliseconds} ms");
        }

        // Typically the fan-out alone (a few ms); a trigger that straddles a fake camera's 40 ms poll is the exception.
        var median = triggers.Select(t => t.Skew).Order().ElementAt(triggers.Count / 2);
        Assert.True(median < TimeSpan.FromMilliseconds(20), $"median skew {median.TotalMilliseconds} ms");

        foreach (string id in Ids)
        {
            var frames = triggers.Select(t => t.Frames.Single(f => f.CameraId.Value == id)).ToList();
            Assert.All(frames.Zip(frames.Skip(1)), p => Assert.Equal(p.First.Sequence + 1, p.Second.Sequence)); // one frame per trigger, none between
            Assert.Equal(11, (await rig.Camera(id).GetStatusAsync()).FramesDelivered); // with the first trigger's
        }
    }

    [ToolFact("arv-fake-gv-camera-0.8", "loopback-addresses")]
    public async Task A_synchronised_start_should_put_every_first_frame_within_one_frame_interval()
    {
        using var fakes = FakeGigECameras.Start(Cameras);
        var rig = await StartRigAsync(fakes, $"frame-rate = {FrameRate}", "synthetic { width = 160, height = 120, frame-rate = 30 }");

        for (int round = 0; round < 3; round++)
        {
            var start = await rig.StartTogetherAsync([.. Ids, "synthetic", "synthetic"]); // listed twice, started once

            Output?.WriteLine($"skew {start.Skew.TotalMilliseconds:0.0} ms: {string.Join(", ", start.Frames.Select(f => $"{f.CameraId} +{(f.ArrivedAt - f.FiredAt).TotalMilliseconds:0.0} ms"))}");
            Assert.Empty(start.Failed);
            Assert.Equal([.. Ids, "synthetic"], start.Frames.Select(f => f.CameraId.Value).Order());
            Assert.All(start.Frames, f => Assert.True(f.ArrivedAt >= f.FiredAt, $"{f.CameraId}: its first frame came before its start"));
            Assert.All(start.Frames, f => Assert.True(f.ArrivedAt - f.FiredAt < s_interval + s_fakeCameraSlack, $"{f.CameraId}: its first frame came {(f.ArrivedAt - f.FiredAt).TotalMilliseconds} ms after the release"));
            Assert.True(start.Skew < s_interval + s_fakeCameraSlack, $"skew {start.Skew.TotalMilliseconds} ms");
        }

        // Started again, each camera goes on counting its frames; none was counted lost for the pause.
        foreach (string id in Ids)
        {
            var status = await rig.Camera(id).GetStatusAsync();
            Assert.Equal((CameraHealth.Healthy, 0L), (status.Health, status.FramesLost));
        }
    }

    [ToolFact("arv-fake-gv-camera-0.8", "loopback-addresses")]
    public async Task A_rig_photo_should_take_one_photo_per_camera_of_every_kind_at_one_instant()
    {
        using var fakes = FakeGigECameras.Start(Cameras);
        var rig = await StartRigAsync(fakes, $"frame-rate = {FrameRate}", "synthetic { width = 160, height = 120, frame-rate = 30 }", "stopped { width = 160, height = 120 }");
        await rig.Camera("stopped").StopAsync();

        var photos = await rig.TakePhotosAsync([.. Ids, "synthetic", "stopped", "synthetic"]); // listed twice, one photo

        Output?.WriteLine($"skew {photos.Skew.TotalMilliseconds:0.0} ms");
        Assert.Equal([.. Ids, "synthetic"], photos.Photos.Select(p => p.CameraId.Value).Order());
        Assert.All(photos.Photos.Where(p => p.CameraId.Value != "synthetic"), p => Assert.Equal((320, 240), JpegInfo.Read(p.Bytes)));
        Assert.All(photos.Photos, p => Assert.NotNull(p.CapturedAt));
        Assert.True(photos.Skew < 2 * s_interval, $"skew {photos.Skew.TotalMilliseconds} ms"); // each camera's next frame: at most one interval after the request
        Assert.Equal(("stopped", MediaErrorNames.InvalidStateError), (Assert.Single(photos.Failed).CameraId.Value, photos.Failed[0].Name));
    }

    private static IReadOnlyList<string> Ids { get; } = [.. Enumerable.Range(1, Cameras).Select(n => $"gige-{n}")];

    private async Task<CaptureRig> StartRigAsync(FakeGigECameras fakes, string gige, params string[] others)
    {
        string cameras = string.Join(
            "\n",
            fakes.Cameras.Select((fake, i) => $$"""gige-{{i + 1}} { source = genicam, device = "{{fake.Address}}", width = 320, height = 240, {{gige}} }""").Concat(others));
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($$"""
            capture.cameras {
            {{cameras}}
            }
            """));
        var rig = new CaptureRig(Sys.ActorOf(Rig.Props(settings)), TimeSpan.FromSeconds(10));
        foreach (string id in Ids)
        {
            await rig.Camera(id).WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);
        }

        return rig;
    }
}
