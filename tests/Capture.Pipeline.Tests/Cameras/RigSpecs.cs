using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Capture.Core.Drivers.Synthetic;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Testing;
using Capture.Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>The rig: many cameras, back-off, hot reload, ordered shutdown.</summary>
public sealed class RigSpecs(ITestOutputHelper output) : TestKit("akka.loglevel = WARNING", output)
{
    [Fact]
    public async Task Back_off_should_grow_to_the_max_and_start_over_after_a_healthy_period()
    {
        var rig = SyntheticRig.FromHocon(Sys, """
            capture.cameras.cam-1 { width = 160, height = 120, faults.fail-opens = 4 }
            capture.supervision { min-backoff = 200ms, max-backoff = 800ms, random-factor = 0, reset-after = 300ms, failed-after = 10 }
            capture.health.check-interval = 50ms
            """);
        var camera = rig.Client.Camera("cam-1");

        var delays = new SortedDictionary<int, TimeSpan>();
        var healthy = await camera.WaitForStatusAsync(s =>
        {
            if (s.RetryDelay is { } delay)
            {
                delays[s.ConsecutiveFailures] = delay;
            }

            return s.Health == CameraHealth.Healthy;
        });
        Assert.Equal([200, 400, 800, 800], delays.Values.Select(d => d.TotalMilliseconds));
        Assert.Equal(4, healthy.RestartsLastHour);

        await camera.WaitForStatusAsync(s => s.ConsecutiveFailures == 0);
        rig.Cameras["cam-1"].Faults = new SyntheticFaults { DisconnectAfterFrames = 0 };
        var again = await camera.WaitForStatusAsync(s => s.RetryDelay is not null);

        Assert.Equal((1, TimeSpan.FromMilliseconds(200)), (again.ConsecutiveFailures, again.RetryDelay));
    }

    [Fact]
    public async Task Reconfigure_should_add_and_remove_cameras_without_touching_the_others()
    {
        var rig = SyntheticRig.FromHocon(Sys, """
            capture.cameras {
              keep { width = 160, height = 120 }
              drop { width = 160, height = 120 }
              change { width = 160, height = 120 }
            }
            """);
        await rig.Client.Camera("keep").ApplyConstraintsAsync(new() { Zoom = 2 });
        long keepFrames = (await rig.Client.Camera("keep").GetStatusAsync()).FramesDelivered;

        var next = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras {
              keep { width = 160, height = 120 }
              change { width = 320, height = 240 }
              added { width = 160, height = 120 }
            }
            """));
        var result = await rig.Client.ReconfigureAsync(next);
        var keep = await rig.Client.Camera("keep").WaitForStatusAsync(s => s.FramesDelivered > keepFrames);
        var changed = await Eventually.UntilAsync(_ => PollSettingsAsync(rig.Client.Camera("change")), s => s.Width == 320, "the changed camera reopened at 320 wide");

        Assert.Equal(["added"], result.Added.Select(id => id.Value));
        Assert.Equal(["drop"], result.Removed.Select(id => id.Value));
        Assert.Equal(["change"], result.Changed.Select(id => id.Value));
        Assert.Equal(["added", "change", "keep"], (await rig.Client.GetCamerasAsync()).Select(c => c.CameraId.Value).Order());
        Assert.Equal(0, keep.RestartsLastHour); // the untouched camera kept its track
        Assert.Equal(2, (await rig.Client.Camera("keep").GetSettingsAsync()).Zoom);
        Assert.Equal(240, changed.Height);
        await Assert.ThrowsAsync<Capture.Core.Media.MediaException>(() => rig.Client.Camera("drop").GetSettingsAsync());
    }

    [Fact]
    public async Task A_camera_changed_before_its_old_actor_started_should_open_with_its_new_settings()
    {
        var first = CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras { cam { width = 160, height = 120 } }"));
        var next = CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras { cam { width = 320, height = 240 } }"));
        using var constructing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int incarnations = 0;
        Capture.Core.Drivers.ICameraDriver Drivers(CameraSettings camera)
        {
            // The first actor is held in its constructor until the reload has been answered: it reads its desired
            // state only afterwards, as a camera actor on a busy machine may.
            if (Interlocked.Increment(ref incarnations) == 1)
            {
                constructing.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }

            return CameraDrivers.Create(camera);
        }

        var actor = Sys.ActorOf(Rig.Props(first, Drivers));
        var client = new CaptureRig(actor, first.Commands.AskTimeout);
        Assert.True(constructing.Wait(TimeSpan.FromSeconds(10)));
        var result = await client.ReconfigureAsync(next);
        release.Set();

        var settings = await Eventually.UntilAsync(_ => PollSettingsAsync(client.Camera("cam")), s => s.Width == 320, "the changed camera opened at 320 wide");

        Assert.Equal(["cam"], result.Changed.Select(id => id.Value));
        Assert.Equal(240, settings.Height);
    }

    [Fact]
    public async Task A_camera_removed_and_added_back_at_once_should_come_back()
    {
        var rig = SyntheticRig.FromHocon(Sys, "capture.cameras { cam-1 { width = 160, height = 120 } }");
        await rig.Client.Camera("cam-1").GetSettingsAsync();
        var without = CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras { }"));
        var with = CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras { cam-1 { width = 320, height = 240 } }"));

        await rig.Client.ReconfigureAsync(without);
        await rig.Client.ReconfigureAsync(with);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                Assert.Equal(320, (await rig.Client.Camera("cam-1").GetSettingsAsync(timeout.Token)).Width);
                break;
            }
            catch (Capture.Core.Media.MediaException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }

    [Fact]
    public async Task A_camera_removed_by_a_reload_should_lose_its_live_view_and_close_its_device()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras { keep { width = 160, height = 120 }\n drop { width = 160, height = 120 } }"));
        var views = new LiveViews();
        var drivers = new System.Collections.Concurrent.ConcurrentDictionary<string, SyntheticCameraDriver>();
        var actor = Sys.ActorOf(Rig.Props(settings, camera => drivers[camera.Id.Value] = (SyntheticCameraDriver)CameraDrivers.Create(camera), liveViews: views));
        var rig = new CaptureRig(actor, TimeSpan.FromSeconds(10));
        await rig.Camera("drop").WaitForStatusAsync(s => s.FramesDelivered > 0);
        Assert.NotNull(views.Find(new CameraId("drop")));

        await rig.ReconfigureAsync(CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras.keep { width = 160, height = 120 }")));
        await Eventually.UntilAsync(() => views.Find(new CameraId("drop")) is null, "the removed camera's live view is gone");
        long produced = drivers["drop"].FramesProduced;
        await Eventually.UntilAsync(() => drivers["drop"].Pool.Outstanding == 0, "the removed camera's frames are all returned");

        Assert.NotNull(views.Find(new CameraId("keep")));
        Assert.Equal(produced, drivers["drop"].FramesProduced); // closed before the live view went: nothing more after
    }

    [Fact]
    public async Task A_camera_whose_actor_crashes_should_restart_and_keep_its_desired_state()
    {
        var rig = SyntheticRig.Start(Sys, "cam-1", "cam-2");
        await rig.Client.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 3 });
        var child = await Sys.ActorSelection(rig.Actor.Path / "camera-cam-1").ResolveOne(TimeSpan.FromSeconds(3));

        // A defect inside the actor (not a device failure): the rig's strategy restarts it.
        child.Tell(Kill.Instance);
        var settings = await PollSettingsAsync(rig.Client.Camera("cam-1"));

        Assert.Equal(3, settings.Zoom);
        Assert.Equal(160 * 2, (await rig.Client.Camera("cam-2").GetSettingsAsync()).Width);
    }

    private static async Task<Capture.Core.Media.MediaTrackSettings> PollSettingsAsync(CameraRef camera)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            try
            {
                return await camera.GetSettingsAsync(timeout.Token);
            }
            catch (Capture.Core.Media.MediaException)
            {
                await Task.Delay(50, timeout.Token);
            }
        }
    }
}
