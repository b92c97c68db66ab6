using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Testing;
using Xunit.Abstractions;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>The camera actor's failure rules, on Akka's TestScheduler: back-off, reconnect-wait and stalls run on virtual time, never on sleeps.</summary>
public sealed class CameraFailureSpecs(ITestOutputHelper output) : TestKit(Config, output)
{
    private const string Config = """
        akka.loglevel = INFO
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        """;

    private static readonly CameraId s_cam = new("cam-1");

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task Back_off_should_double_up_to_the_max_and_mark_the_camera_Failed()
    {
        var camera = StartRig("""
            capture.cameras.cam-1.faults.fail-opens = 1000
            capture.supervision { min-backoff = 100ms, max-backoff = 400ms, random-factor = 0, failed-after = 4 }
            """).Client.Camera("cam-1");
        var seen = new List<(int, TimeSpan?, CameraHealth)>();

        for (int failures = 1; failures <= 5; failures++)
        {
            var status = await camera.WaitForStatusAsync(s => s.ConsecutiveFailures == failures);
            seen.Add((status.ConsecutiveFailures, status.RetryDelay, status.Health));
            Clock.Advance(status.RetryDelay!.Value);
        }

        Assert.Equal(
            [
                (1, TimeSpan.FromMilliseconds(100), CameraHealth.Reconnecting),
                (2, TimeSpan.FromMilliseconds(200), CameraHealth.Reconnecting),
                (3, TimeSpan.FromMilliseconds(400), CameraHealth.Reconnecting),
                (4, TimeSpan.FromMilliseconds(400), CameraHealth.Failed),
                (5, TimeSpan.FromMilliseconds(400), CameraHealth.Failed),
            ],
            seen);
    }

    [Fact]
    public async Task A_command_should_wait_reconnect_wait_and_then_fail_with_InvalidStateError()
    {
        var rig = StartRig("""
            capture.cameras.cam-1.faults.fail-opens = 1000
            capture.supervision { min-backoff = 10s, max-backoff = 10s }
            capture.commands.reconnect-wait = 5s
            """);
        await rig.Client.Camera("cam-1").WaitForStatusAsync(s => s.Health == CameraHealth.Reconnecting);

        rig.Actor.Tell(new Camera.GetSettings(s_cam), TestActor);
        await rig.Client.Camera("cam-1").WaitForStatusAsync(_ => true); // the command is stashed before the status is answered
        Clock.Advance(TimeSpan.FromSeconds(4));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var error = await ExpectMsgAsync<Camera.MediaError>();

        Assert.Equal(MediaErrorNames.InvalidStateError, error.Name);
        Assert.Contains("did not come back within 5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Failed_camera_should_stop_at_once_and_answer_its_waiting_commands()
    {
        var rig = StartRig("""
            capture.cameras.cam-1.faults.fail-opens = 1000
            capture.supervision { min-backoff = 10s, max-backoff = 10s, failed-after = 1 }
            capture.commands.reconnect-wait = 60s
            """);
        await rig.Client.Camera("cam-1").WaitForStatusAsync(s => s.Health == CameraHealth.Failed);
        var waiting = CreateTestProbe();
        rig.Actor.Tell(new Camera.TakePhoto(s_cam), waiting);

        rig.Actor.Tell(new Camera.StopCamera(s_cam), TestActor);

        await ExpectMsgAsync<Camera.CameraStopped>(TimeSpan.FromMilliseconds(500));
        Assert.Equal(MediaErrorNames.InvalidStateError, (await waiting.ExpectMsgAsync<Camera.MediaError>(TimeSpan.FromMilliseconds(500))).Name);
        Assert.Equal(CameraHealth.Stopped, (await rig.Client.Camera("cam-1").GetStatusAsync()).Health);
    }

    [Fact]
    public async Task A_camera_still_opening_should_stop_at_once_and_never_open()
    {
        var rig = StartRig("capture.cameras.cam-1.faults.open-delay = 30s");
        await rig.Client.Camera("cam-1").WaitForStatusAsync(s => s.Health == CameraHealth.Opening);

        rig.Actor.Tell(new Camera.StopCamera(s_cam), TestActor);

        await ExpectMsgAsync<Camera.CameraStopped>(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, rig.Cameras["cam-1"].FramesProduced);
    }

    [Fact]
    public async Task A_photo_in_flight_when_the_device_fails_should_get_OperationError_at_once_and_not_delay_the_reconnect()
    {
        var rig = StartRig("""
            capture.cameras.cam-1 { width = 160, height = 120, frame-rate = 30, faults.photo-delay = 30s }
            capture.supervision { min-backoff = 500ms, max-backoff = 500ms, random-factor = 0 }
            """);
        var camera = rig.Client.Camera("cam-1");
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);
        rig.Actor.Tell(new Camera.TakePhoto(s_cam), TestActor);

        rig.Cameras["cam-1"].Faults = rig.Cameras["cam-1"].Faults with { DisconnectAfterFrames = 0 };
        var error = await ExpectMsgAsync<Camera.MediaError>(TimeSpan.FromSeconds(1));
        var down = await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Reconnecting);
        rig.Cameras["cam-1"].Faults = SyntheticFaults.None;
        Clock.Advance(down.RetryDelay!.Value);
        var back = await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy);

        Assert.Equal(MediaErrorNames.OperationError, error.Name);
        Assert.Equal(1, back.RestartsLastHour);
    }

    [Fact]
    public async Task A_camera_whose_frames_stop_should_be_Stalled_after_its_stall_timeout_not_before()
    {
        var rig = StartRig("""
            capture.cameras.cam-1 { width = 160, height = 120, frame-rate = 30, faults { stall-after-frames = 5, stall-duration = 60s } }
            capture.health { stall-factor = 3, min-stall-timeout = 2s, check-interval = 500ms }
            """);
        var camera = rig.Client.Camera("cam-1");
        await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Healthy && s.FramesDelivered == 5);

        Clock.Advance(TimeSpan.FromMilliseconds(500));
        var early = await camera.GetStatusAsync();
        for (int i = 0; i < 5; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        var stalled = await camera.WaitForStatusAsync(s => s.Health == CameraHealth.Stalled);

        Assert.Equal(CameraHealth.Healthy, early.Health);
        Assert.Equal(1, stalled.StallsLastHour);
        Assert.StartsWith("no frame for", stalled.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_should_stop_cameras_in_every_state_at_once()
    {
        var rig = StartRig("""
            capture.cameras {
              live { width = 160, height = 120 }
              opening.faults.open-delay = 60s
              reconnecting { width = 160, height = 120 }
              failed.faults.fail-opens = 1000
              stopped { width = 160, height = 120 }
            }
            capture.supervision { min-backoff = 10s, max-backoff = 10s, random-factor = 0, failed-after = 2 }
            """);
        await rig.Client.Camera("stopped").StopAsync();
        await rig.Client.Camera("failed").WaitForStatusAsync(s => s.Health == CameraHealth.Reconnecting);
        Clock.Advance(TimeSpan.FromSeconds(10));
        await rig.Client.Camera("failed").WaitForStatusAsync(s => s.Health == CameraHealth.Failed);
        await rig.Client.Camera("reconnecting").WaitForStatusAsync(s => s.Health is CameraHealth.Healthy or CameraHealth.Stalled); // 10 s passed without frames, on the test clock
        rig.Cameras["reconnecting"].Faults = new SyntheticFaults { DisconnectAfterFrames = 0 };
        await rig.Client.Camera("reconnecting").WaitForStatusAsync(s => s.Health == CameraHealth.Reconnecting);
        await rig.Client.Camera("live").WaitForStatusAsync(s => s.Health is CameraHealth.Healthy or CameraHealth.Stalled);
        Assert.Equal(CameraHealth.Opening, (await rig.Client.Camera("opening").GetStatusAsync()).Health);

        var started = DateTime.UtcNow;
        var done = await rig.Actor.Ask<Rig.ShutdownComplete>(Rig.Shutdown.Instance, TimeSpan.FromSeconds(3));

        Assert.Empty(done.TimedOut);
        Assert.Equal(5, done.Stopped.Length);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
    }

    private SyntheticRig StartRig(string hocon) => SyntheticRig.FromHocon(Sys, hocon);
}
