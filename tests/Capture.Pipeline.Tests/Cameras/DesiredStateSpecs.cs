using Akka.Actor;
using Akka.Configuration;
using Capture.Core.Imaging;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Hosting;
using Capture.Pipeline.Testing;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>
/// What the API applies to a camera outlives the process: each spec runs the rig in one actor system, ends it (as a
/// kill would, or by an orderly shutdown), and starts another on the same SQLite journal.
/// </summary>
public sealed class DesiredStateSpecs : IDisposable
{
    private const string TwoCameras = """
        capture.cameras {
          cam-1 { width = 320, height = 240, frame-rate = 15 }
          cam-2 { width = 320, height = 240, frame-rate = 15 }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("desired-state-").FullName;

    private StateSettings Journal => new(StateJournal.Sqlite, Path.Combine(_root, "state.db"), TimeSpan.FromSeconds(3));

    [Fact]
    public async Task Constraints_photo_settings_and_a_stop_should_survive_the_process_ending_without_a_shutdown()
    {
        await using (var first = Run(TwoCameras))
        {
            await first.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 3 });
            await first.Camera("cam-1").TakePhotoAsync(new PhotoSettings { ImageWidth = 640, ImageHeight = 480 });
            await first.Camera("cam-2").StopAsync();
        } // ended without the rig's shutdown, as by a SIGKILL: only what was written before the replies counts

        await using var second = Run(TwoCameras);
        var settings = await second.Camera("cam-1").GetSettingsAsync();
        var photo = await second.Camera("cam-1").TakePhotoAsync();
        var stopped = await second.Camera("cam-2").WaitForStatusAsync(s => s.Health == CameraHealth.Stopped);

        Assert.Equal(3, settings.Zoom);
        using var image = SkiaSharp.SKBitmap.Decode(photo.Bytes.ToArray());
        Assert.Equal(640, image.Width); // the photo settings last used
        Assert.Equal(CameraHealth.Stopped, stopped.Health);
    }

    [ToolFact("postgresql")]
    public async Task On_PostgreSQL_what_the_API_applied_should_survive_as_on_SQLite()
    {
        await using var postgres = await Postgres.StartAsync();
        var journal = new StateSettings(StateJournal.PostgreSql, string.Empty, TimeSpan.FromSeconds(3), postgres.ConnectionString);
        StateJournalConfig.Prepare(journal);

        await using (var first = Run(TwoCameras, journal))
        {
            await first.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 3 });
            await first.Camera("cam-2").StopAsync();
        }

        await using var second = Run(TwoCameras, journal);

        Assert.Equal(3, (await second.Camera("cam-1").GetSettingsAsync()).Zoom);
        Assert.Equal(CameraHealth.Stopped, (await second.Camera("cam-2").WaitForStatusAsync(s => s.Health == CameraHealth.Stopped)).Health);
    }

    [Fact]
    public async Task An_orderly_shutdown_should_not_count_as_stopping_the_cameras()
    {
        await using (var first = Run(TwoCameras))
        {
            await first.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 2 });
            var shutdown = await first.Rig.ShutdownAsync();
            Assert.Equal(2, shutdown.Stopped.Length);
        }

        await using var second = Run(TwoCameras);

        Assert.Equal(2, (await second.Camera("cam-1").GetSettingsAsync()).Zoom);
        Assert.True((await second.Camera("cam-2").WaitForStatusAsync(s => s.FramesDelivered > 0)).Health != CameraHealth.Stopped);
    }

    [Fact]
    public async Task A_camera_whose_configured_constraints_changed_should_start_from_the_configuration_and_the_others_from_their_state()
    {
        await using (var first = Run(TwoCameras))
        {
            await first.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 3 });
            await first.Camera("cam-2").ApplyConstraintsAsync(new() { Zoom = 4 });
        }

        await using var second = Run("""
            capture.cameras {
              cam-1 { width = 160, height = 120, frame-rate = 15 }
              cam-2 { width = 320, height = 240, frame-rate = 15 }
            }
            """);
        var edited = await second.Camera("cam-1").GetSettingsAsync();
        var kept = await second.Camera("cam-2").GetSettingsAsync();

        Assert.Equal((160, 1.0), (edited.Width, edited.Zoom)); // the operator's edit wins over what the API applied before it
        Assert.Equal(4, kept.Zoom);
    }

    [Fact]
    public async Task A_journal_that_cannot_be_written_should_never_stop_a_camera_or_hold_up_its_replies()
    {
        string notAFolder = Path.Combine(_root, "not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "a file where the journal's folder should be");
        var broken = new StateSettings(StateJournal.Sqlite, Path.Combine(notAFolder, "state.db"), TimeSpan.FromSeconds(3));

        await using var rig = Run(TwoCameras + "\ncapture.state.timeout = 500ms", broken);
        var applied = await rig.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 3 });
        await rig.Camera("cam-2").StopAsync();
        await rig.Camera("cam-2").StartAsync();

        Assert.Equal(3, applied.Zoom);
        Assert.Equal(3, (await rig.Camera("cam-1").GetSettingsAsync()).Zoom); // in effect, kept in memory
        Assert.Equal(CameraHealth.Healthy, (await rig.Camera("cam-2").WaitForStatusAsync(s => s.Health == CameraHealth.Healthy)).Health);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private RunningRig Run(string hocon, StateSettings? journal = null)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(StateJournalConfig.For(journal ?? Journal))
            .WithFallback(CaptureHostingExtensions.ActorSystemDefaults);
        if (journal is null)
        {
            StateJournalConfig.Prepare(Journal);
        }

        var system = ActorSystem.Create("desired-state", config);
        return new RunningRig(system, SyntheticRig.FromHocon(system, hocon).Client);
    }

    private sealed record RunningRig(ActorSystem System, ICaptureRig Rig) : IAsyncDisposable
    {
        public CameraRef Camera(string id) => Rig.Camera(id);

        public async ValueTask DisposeAsync() => await System.Terminate();
    }
}
