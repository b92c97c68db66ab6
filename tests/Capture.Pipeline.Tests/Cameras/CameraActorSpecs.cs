using Akka.TestKit.Xunit2;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Testing;
using Xunit.Abstractions;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>One camera actor: serialised commands, restarts that keep the desired state, waiting commands, stop and start.</summary>
/// <remarks>
/// Every message crosses Akka's serializers as it would between nodes (<c>serialize-messages</c>), with the service's
/// settings: the camera protocol must survive the trip; what a camera tells itself is marked local.
/// </remarks>
public sealed class CameraActorSpecs(ITestOutputHelper output) : TestKit(Config, output: output)
{
    private static readonly Akka.Configuration.Config Config = Akka.Configuration.ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.actor.serialize-messages = on
        """).WithFallback(Capture.Pipeline.Hosting.CaptureHostingExtensions.ActorSystemDefaults);

    private const string FastRetries = """
        capture.supervision { min-backoff = 50ms, max-backoff = 200ms, random-factor = 0 }
        capture.commands.reconnect-wait = 5s
        """;

    [Fact]
    public async Task Camera_should_answer_the_W3C_calls_of_its_track()
    {
        var rig = SyntheticRig.Start(Sys, "cam-1");
        var camera = rig.Client.Camera("cam-1");

        var settings = await camera.ApplyConstraintsAsync(new() { Zoom = 2, FocusMode = "manual" });
        var capabilities = await camera.GetCapabilitiesAsync();
        var constraints = await camera.GetConstraintsAsync();
        var photo = await camera.TakePhotoAsync(new() { ImageWidth = 640, ImageHeight = 480 });
        var frame = await camera.GrabFrameAsync();

        Assert.Equal((2.0, "manual"), (settings.Zoom, settings.FocusMode));
        Assert.Equal(4, capabilities.Zoom!.Max);
        Assert.Equal(2, constraints.Zoom!.Double!.Value);
        Assert.Equal("image/jpeg", photo.Type);
        Assert.Equal(("image/png", 320, 240), (frame.Type, frame.Width, frame.Height));
        Assert.Equal(0x89, frame.Bytes[0]);
    }

    [Fact]
    public async Task Camera_should_turn_W3C_error_replies_back_into_exceptions()
    {
        var rig = SyntheticRig.Start(Sys, "cam-1");
        var camera = rig.Client.Camera("cam-1");

        var overconstrained = await Assert.ThrowsAsync<OverconstrainedException>(() => camera.ApplyConstraintsAsync(new() { Zoom = new ConstrainDouble { Exact = 40 } }));
        var typeError = await Assert.ThrowsAsync<ArgumentException>(() => camera.ApplyConstraintsAsync(new() { Zoom = double.NaN }));
        var notSupported = await Assert.ThrowsAsync<MediaException>(() => camera.TakePhotoAsync(new() { ImageWidth = 99999 }));

        Assert.Equal("zoom", overconstrained.Constraint);
        Assert.Contains("zoom", typeError.Message, StringComparison.Ordinal);
        Assert.Equal(MediaErrorNames.NotSupportedError, notSupported.Name);
    }

    [Fact]
    public async Task Commands_should_be_serialised_per_camera_and_answered_in_order()
    {
        var rig = SyntheticRig.Start(Sys, "cam-1");
        await rig.Client.Camera("cam-1").GetSettingsAsync();

        for (int i = 1; i <= 10; i++)
        {
            rig.Actor.Tell(new Camera.ApplyConstraints(new CameraId("cam-1"), new MediaTrackConstraints { Zoom = 1 + (i * 0.3) }), TestActor);
        }

        for (int i = 1; i <= 10; i++)
        {
            var reply = await ExpectMsgAsync<Camera.TrackSettings>(TimeSpan.FromSeconds(10));
            Assert.Equal(Math.Round(Math.Min(4, 1 + (i * 0.3)), 10), reply.Settings.Zoom);
        }
    }

    [Fact]
    public async Task Constraints_should_survive_a_device_failure_and_the_new_track_should_report_them()
    {
        var rig = SyntheticRig.FromHocon(Sys, $"capture.cameras.cam-1 {{ width = 320, height = 240, frame-rate = 30 }}\n{FastRetries}");
        var camera = rig.Client.Camera("cam-1");
        await camera.ApplyConstraintsAsync(new() { Zoom = 3, Torch = true });
        var reapplied = CreateTestProbe();
        Sys.EventStream.Subscribe(reapplied.Ref, typeof(CameraConstraintsReapplied));

        rig.Cameras["cam-1"].Faults = new SyntheticFaults { DisconnectAfterFrames = 0 };
        await reapplied.ExpectMsgAsync<CameraConstraintsReapplied>(TimeSpan.FromSeconds(10));
        rig.Cameras["cam-1"].Faults = SyntheticFaults.None;
        var status = await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.RestartsLastHour >= 1);

        var settings = await camera.GetSettingsAsync();
        Assert.Equal((3.0, true), (settings.Zoom, settings.Torch));
        Assert.Equal(3, (await camera.GetConstraintsAsync()).Zoom!.Double!.Value);
        Assert.Contains("disconnected", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_sent_while_reconnecting_should_complete_once_the_camera_is_back()
    {
        var rig = SyntheticRig.FromHocon(Sys, $"capture.cameras.cam-1 {{ width = 320, height = 240, faults.fail-opens = 3 }}\n{FastRetries}");

        var settings = await rig.Client.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 2 });

        Assert.Equal(2, settings.Zoom);
        Assert.Equal(3, (await rig.Client.Camera("cam-1").GetStatusAsync()).RestartsLastHour);
    }

    [Fact]
    public async Task Commands_should_fail_with_InvalidStateError_when_the_camera_does_not_come_back_in_time()
    {
        var rig = SyntheticRig.FromHocon(Sys, """
            capture.cameras.cam-1.faults.fail-opens = 1000
            capture.supervision { min-backoff = 50ms, max-backoff = 100ms }
            capture.commands.reconnect-wait = 300ms
            """);

        var error = await Assert.ThrowsAsync<MediaException>(() => rig.Client.Camera("cam-1").GetSettingsAsync());

        Assert.Equal(MediaErrorNames.InvalidStateError, error.Name);
        Assert.Contains("fault injection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_camera_should_not_delay_the_others()
    {
        var rig = SyntheticRig.FromHocon(Sys, """
            capture.cameras { broken.faults.fail-opens = 1000, fine { width = 320, height = 240 } }
            capture.supervision { min-backoff = 50ms, max-backoff = 100ms }
            capture.commands.reconnect-wait = 3s
            """);
        var waiting = rig.Client.Camera("broken").GetSettingsAsync();

        var fine = await rig.Client.Camera("fine").GetSettingsAsync().WaitAsync(TimeSpan.FromSeconds(2));
        // The fine camera may answer before the broken one's first open has even failed, so its failure is awaited.
        var broken = await rig.Client.Camera("broken").WaitForStatusAsync(s => s.Health is CameraHealth.Reconnecting or CameraHealth.Failed, seconds: 2);

        Assert.Equal(320, fine.Width);
        Assert.True(broken.ConsecutiveFailures >= 1);
        Assert.False(waiting.IsCompleted);
        await Assert.ThrowsAsync<MediaException>(() => waiting);
    }

    [Fact]
    public async Task A_camera_that_keeps_failing_should_be_marked_Failed_and_keep_retrying_at_the_max_back_off()
    {
        var rig = SyntheticRig.FromHocon(Sys, """
            capture.cameras.cam-1.faults.fail-opens = 1000
            capture.supervision { min-backoff = 20ms, max-backoff = 80ms, random-factor = 0, failed-after = 3 }
            """);

        var status = await rig.Client.Camera("cam-1").WaitForStatusAsync(s => s.ConsecutiveFailures >= 5);

        Assert.Equal(CameraHealth.Failed, status.Health);
        Assert.Equal(TimeSpan.FromMilliseconds(80), status.RetryDelay);
        Assert.Contains("failed to open", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopCamera_should_end_the_track_and_StartCamera_should_bring_it_back_with_its_constraints()
    {
        var rig = SyntheticRig.Start(Sys, "cam-1");
        var camera = rig.Client.Camera("cam-1");
        await camera.ApplyConstraintsAsync(new() { Zoom = 2.5 });

        await camera.StopAsync();
        long frames = rig.Cameras["cam-1"].FramesProduced;
        var stopped = await Assert.ThrowsAsync<MediaException>(() => camera.GetSettingsAsync());
        await Task.Delay(300);
        Assert.Equal(frames, rig.Cameras["cam-1"].FramesProduced);
        Assert.Equal(CameraHealth.Stopped, (await camera.GetStatusAsync()).Health);

        await camera.StartAsync();
        Assert.Equal(2.5, (await camera.GetSettingsAsync()).Zoom);
        Assert.Equal(MediaErrorNames.InvalidStateError, stopped.Name);
    }

    [Fact]
    public async Task An_unknown_camera_should_get_a_clear_error()
    {
        var rig = SyntheticRig.Start(Sys, "cam-1");

        var error = await Assert.ThrowsAsync<MediaException>(() => rig.Client.Camera("cam-9").GetSettingsAsync());

        Assert.Equal(MediaErrorNames.NotFoundError, error.Name);
        Assert.Contains("cam-9", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => rig.Client.Camera("../etc/passwd"));
    }

    [Fact]
    public async Task State_changes_should_be_published_on_the_EventStream()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(CameraStateChanged));

        var rig = SyntheticRig.Start(Sys, "cam-1");
        var live = await probe.ExpectMsgAsync<CameraStateChanged>(TimeSpan.FromSeconds(10));
        await rig.Client.Camera("cam-1").StopAsync();
        var stopped = await probe.ExpectMsgAsync<CameraStateChanged>(TimeSpan.FromSeconds(10));

        Assert.Equal((CameraHealth.Opening, CameraHealth.Healthy), (live.Previous, live.Current));
        Assert.Equal((CameraHealth.Healthy, CameraHealth.Stopped), (stopped.Previous, stopped.Current));
    }

    [Fact]
    public async Task A_camera_without_frames_should_be_stalled_by_its_own_frame_interval()
    {
        var rig = SyntheticRig.FromHocon(Sys, """
            capture.cameras {
              fast { width = 160, height = 120, frame-rate = 30, faults { stall-after-frames = 5, stall-duration = 3s } }
              slow { width = 160, height = 120, frame-rate = 1 }
            }
            capture.health { stall-factor = 3, min-stall-timeout = 300ms, check-interval = 100ms }
            """);

        var fast = await rig.Client.Camera("fast").WaitForStatusAsync(s => s.Health == CameraHealth.Stalled);
        var slow = await rig.Client.Camera("slow").GetStatusAsync();
        var recovered = await rig.Client.Camera("fast").WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);

        Assert.Equal(1, fast.StallsLastHour);
        Assert.Equal(CameraHealth.Healthy, slow.Health);
        Assert.Equal(1, recovered.StallsLastHour);
    }
}
