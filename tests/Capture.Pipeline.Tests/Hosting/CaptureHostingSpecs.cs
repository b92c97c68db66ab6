using Akka.Configuration;
using Akka.Hosting;
using Capture.Core.Drivers.Synthetic;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Hosting;
using Capture.Pipeline.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capture.Pipeline.Tests.Hosting;

/// <summary>The Akka.Hosting wiring, in a real <see cref="IHost"/> as a user's program has it.</summary>
public sealed class CaptureHostingSpecs
{
    [Fact]
    public async Task WithCaptureRig_should_register_the_rig_and_stop_every_camera_when_the_host_stops()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras { cam-1 { width = 160, height = 120 } 
            cam-2 { width = 160, height = 120 } }
            """));
        // Camera actors call the factory from their own threads.
        var drivers = new System.Collections.Concurrent.ConcurrentDictionary<string, SyntheticCameraDriver>();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka("hosting-spec", (akka, _) => akka.WithCaptureRig(settings, camera => drivers[camera.Id.Value] = new SyntheticCameraDriver(camera.Id.Value)));
        builder.Services.AddCaptureRig();
        using var host = builder.Build();

        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ActorRegistry>();
        var rig = host.Services.GetRequiredService<ICaptureRig>();
        var cameras = await rig.GetCamerasAsync();
        await rig.Camera("cam-1").ApplyConstraintsAsync(new() { Zoom = 2 });
        await host.StopAsync();
        long produced = drivers.Values.Sum(d => d.FramesProduced);
        await Task.Delay(300);

        Assert.True(registry.TryGet<Rig>(out var actor));
        Assert.Equal("rig", actor.Path.Name);
        Assert.Equal(["cam-1", "cam-2"], cameras.Select(c => c.CameraId.Value));
        Assert.Equal(produced, drivers.Values.Sum(d => d.FramesProduced));
        Assert.All(drivers.Values, d => Assert.Equal(0, d.Pool.Outstanding));
    }

    [Fact]
    public async Task Akka_logs_should_reach_Microsoft_logging_once_under_the_actor_class_with_the_camera_id_as_a_property()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras { cam-1 { width = 160, height = 120 } }"));
        var log = new LogLines();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(log);
        builder.Services.AddAkka("logging-spec", (akka, _) => akka
            .ConfigureLoggers(loggers => loggers.ClearLoggers().AddLogger<LoggerFactoryBridge>())
            .WithCaptureRig(settings));
        builder.Services.AddCaptureRig();
        using var host = builder.Build();

        await host.StartAsync();
        var healthy = await log.WaitForAsync("Camera cam-1: Opening -> Healthy");
        await host.StopAsync();

        Assert.Equal("Capture.Pipeline.Cameras.CameraActor", healthy.Category);
        Assert.Equal(LogLevel.Information, healthy.Level);
        Assert.StartsWith("Camera cam-1: Opening -> Healthy (", healthy.Message, StringComparison.Ordinal); // no second header inside the message
        Assert.Equal("cam-1", healthy.Properties["CameraId"]?.ToString());
        Assert.Equal("Healthy", healthy.Properties["Current"]?.ToString());
        Assert.Equal("Camera {Camera}: {Previous} -> {Current} ({Reason})", healthy.Properties["{OriginalFormat}"]);
        Assert.Contains("/user/rig/", healthy.Properties["LogSource"]?.ToString(), StringComparison.Ordinal);
        Assert.Single(log.Lines, l => l.Message.StartsWith("Camera cam-1: Opening -> Healthy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("capture.cameras { cam-1 { width = abc } }")]
    [InlineData("capture.cameras { cam-1 { frame-rate = NaN } }")]
    [InlineData("capture.supervision.random-factor = NaN\ncapture.cameras { cam-1 { } }")]
    [InlineData("capture.cameras { \"cam\\n\" { } }")]
    [InlineData("capture.cameras { cam-1 { widht = 160 } }")]
    [InlineData("capture.cameras {\n cam-1 { }\n cam-1 { }\n}")]
    [InlineData("capture.cameras { cam-1 { sinks = [ tape ] } }")]
    [InlineData("capture.cameras = [ }")]
    public async Task The_config_watcher_should_refuse_a_bad_edit_log_it_and_keep_running(string bad)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        File.WriteAllText(file, "capture.cameras { cam-1 { width = 160, height = 120 } }");
        var log = new LogLines();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(log);
        builder.Services.AddAkka("watcher-spec", (akka, _) => akka.WithCaptureRig(CaptureSettings.Load(file)));
        builder.Services.AddCaptureRig();
        builder.Services.AddHostedService(p => new CaptureConfigWatcher(file, p.GetRequiredService<ICaptureRig>(), p.GetRequiredService<ILogger<CaptureConfigWatcher>>(), TimeSpan.FromMilliseconds(100)));
        using var host = builder.Build();
        await host.StartAsync();
        var rig = host.Services.GetRequiredService<ICaptureRig>();

        File.WriteAllText(file, bad);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(1));
        string rejected = (await log.WaitForAsync("Config change not applied")).Message;
        var afterBadFile = await rig.GetCamerasAsync();
        File.WriteAllText(file, "capture.cameras { cam-1 { width = 160, height = 120 } \n cam-2 { width = 160, height = 120 } }");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(2));
        var afterGoodFile = await EventuallyAsync(rig, count: 2);
        await host.StopAsync();

        Assert.Contains(file, rejected, StringComparison.Ordinal);
        Assert.Equal(["cam-1"], afterBadFile.Select(c => c.CameraId.Value));
        Assert.Equal(["cam-1", "cam-2"], afterGoodFile.Select(c => c.CameraId.Value));
    }

    private static async Task<IReadOnlyList<CameraStatus>> EventuallyAsync(ICaptureRig rig, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var cameras = await rig.GetCamerasAsync(timeout.Token);
            if (cameras.Count == count)
            {
                return cameras;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
