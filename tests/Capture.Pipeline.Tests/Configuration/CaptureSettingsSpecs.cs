using Akka.Configuration;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Tests.Configuration;

/// <summary>HOCON is read once into typed settings, and a bad value names its key and file.</summary>
public sealed class CaptureSettingsSpecs
{
    [Fact]
    public void Settings_should_read_cameras_in_order_with_their_constraints()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras {
              front-door { label = "Front door", width = 1280, height = 720, frame-rate = 30, stall-timeout = 10s }
              lab-1 { constraints { focus-mode = manual, focusDistance = 0.5, pointsOfInterest = [ { x = 0.5, y = 0.25 } ], advanced = [ { zoom = 2 }, { torch = true } ] } }
            }
            capture.supervision.max-backoff = 1m
            """));

        Assert.Equal(["front-door", "lab-1"], settings.Cameras.Select(c => c.Id.Value));
        var front = settings.Cameras[0];
        Assert.Equal(("Front door", 1280.0, 720.0, 30.0, TimeSpan.FromSeconds(10)), (front.Label, front.Constraints.Width!.Value!.Value, front.Constraints.Height!.Value!.Value, front.Constraints.FrameRate!.Value!.Value, front.StallTimeout!.Value));
        var lab = settings.Cameras[1].Constraints;
        Assert.Equal("manual", lab.FocusMode!.Value![0]);
        Assert.Equal(0.25, lab.PointsOfInterest!.Value!.Value[0].Y);
        Assert.Equal(2, lab.Advanced!.Value[0].Zoom!.Double!.Value);
        Assert.True(lab.Advanced.Value[1].Torch!.Value);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Supervision.MaxBackoff);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.Supervision.MinBackoff);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("0")]
    [InlineData("null")]
    public void A_retention_limit_should_turn_off_with_off_zero_or_null(string value)
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString($"capture.recording.retention {{ min-free-bytes = {value}, max-bytes-total = {value} }}"));

        Assert.Null(settings.Recording.Retention.MinFreeBytes);
        Assert.Null(settings.Recording.Retention.MaxBytesTotal);
    }

    [Fact]
    public void A_decode_stage_and_the_video_segment_cap_should_be_read()
    {
        var camera = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras.cam-1 { source = ffmpeg, url = "rtsp://127.0.0.1/x", pipeline = [ { decode { frame-rate = 5 } }, overlay ], sinks = [ { video { max-segment-bytes = 64MB } } ] }
            """)).Cameras[0];

        Assert.Equal(new DecodeStageSettings(5.0), camera.Pipeline[0]);
        Assert.Equal(64_000_000, Assert.IsType<VideoSinkSettings>(camera.Sinks[0]).MaxSegmentBytes); // HOCON: MB is decimal, MiB binary
    }

    [Fact]
    public void Metrics_should_push_over_OTLP_only_when_an_endpoint_is_configured()
    {
        Assert.Equal(MetricsSettings.Default, CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras { }")).Metrics);

        var metrics = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.metrics.otlp { endpoint = "http://127.0.0.1:4318/v1/metrics", protocol = http, interval = 5s }
            """)).Metrics;

        Assert.Equal(new MetricsSettings(new Uri("http://127.0.0.1:4318/v1/metrics"), true, TimeSpan.FromSeconds(5)), metrics);
    }

    [Theory]
    [InlineData("capture.cameras.cam-1.width = abc", "capture.cameras.cam-1.width")]
    [InlineData("capture.cameras.cam-1.frame-rate = -5", "capture.cameras.cam-1.frame-rate")]
    [InlineData("capture.cameras.cam-1.source = carrier-pigeon", "capture.cameras.cam-1.source")]
    [InlineData("capture.cameras.cam-1.profile = no/such/profile.json", "capture.cameras.cam-1.profile")]
    [InlineData("capture.cameras.cam-1.constraints { zoom = big }", "capture.cameras.cam-1.constraints")]
    [InlineData("capture.cameras.cam-1.stall-timeout = soon", "capture.cameras.cam-1.stall-timeout")]
    [InlineData("capture.cameras.cam-1.faults.fail-photos = -1", "capture.cameras.cam-1.faults.fail-photos")]
    [InlineData("capture.cameras { \"../etc\" { width = 1 } }", "capture.cameras.../etc")]
    [InlineData("capture.cameras.cam-1 = 5", "capture.cameras.cam-1")]
    [InlineData("capture.supervision.random-factor = 2", "capture.supervision.random-factor")]
    [InlineData("capture.supervision.min-backoff = 0s", "capture.supervision.min-backoff")]
    [InlineData("capture.health.check-interval = often", "capture.health.check-interval")]
    [InlineData("capture.state.journal = postgres", "capture.state.journal")]
    [InlineData("capture.state.timeout = 0s", "capture.state.timeout")]
    [InlineData("capture.cluster.seed-nodes = [ \"127.0.0.1:4051\" ]", "capture.cluster.seed-nodes[0]")]
    [InlineData("capture.cluster.port = 70000", "capture.cluster.port")]
    [InlineData("capture.cluster.down-removal-margin = never", "capture.cluster.down-removal-margin")]
    [InlineData("capture.cameras.cam-1.source = genicam", "capture.cameras.cam-1.device")]
    [InlineData("capture.cameras.cam-1.trigger { mode = software }", "capture.cameras.cam-1.trigger.mode")]
    [InlineData("capture.cameras.cam-1 { source = genicam, device = cam, trigger { mode = sometimes } }", "capture.cameras.cam-1.trigger.mode")]
    [InlineData("capture.cameras.cam-1 { source = genicam, device = cam, trigger = software }", "capture.cameras.cam-1.trigger")]
    [InlineData("capture.cameras.cam-1 { source = genicam, device = cam, trigger { mdoe = software } }", "capture.cameras.cam-1.trigger.mdoe")]
    [InlineData("capture.cameras.cam-1 { source = genicam, device = cam, pixel-format = bayer }", "capture.cameras.cam-1.pixel-format")]
    [InlineData("capture.cameras.cam-1.pixel-format = mono16", "capture.cameras.cam-1.pixel-format")]
    [InlineData("capture.cameras.cam-1.features { GainRaw = 10 }", "capture.cameras.cam-1.features")]
    [InlineData("capture.cameras.cam-1 { source = genicam, device = cam, features = 10 }", "capture.cameras.cam-1.features")]
    [InlineData("capture.cameras.cam-1 { source = genicam, device = cam, features { GainRaw { a = 1 } } }", "capture.cameras.cam-1.features.GainRaw")]
    [InlineData("capture.state.journal = postgresql", "capture.state.connection-string-env")]
    [InlineData("capture.state { journal = postgresql, connection-string-env = CAPTURE_NO_SUCH_VARIABLE }", "capture.state.connection-string-env")]
    [InlineData("capture.cameras.cam-1.pipeline = [ sparkle ]", "capture.cameras.cam-1.pipeline[0]")]
    [InlineData("capture.cameras.cam-1.pipeline = [ overlay, { resize { width = 10 } } ]", "capture.cameras.cam-1.pipeline[1].resize.height")]
    [InlineData("capture.cameras.cam-1.pipeline = [ { encode = gif } ]", "capture.cameras.cam-1.pipeline[0].encode")]
    [InlineData("capture.cameras.cam-1.pipeline = [ { encode = jpeg, quality = 200 } ]", "capture.cameras.cam-1.pipeline[0].quality")]
    [InlineData("capture.cameras.cam-1.sinks = [ tape ]", "capture.cameras.cam-1.sinks[0]")]
    [InlineData("capture.cameras.cam-1.pipeline = [ overlay, decode ]", "capture.cameras.cam-1.pipeline[1]")]
    [InlineData("capture.cameras.cam-1.pipeline = [ { decode { frame-rate = 0 } } ]", "capture.cameras.cam-1.pipeline[0].decode.frame-rate")]
    [InlineData("capture.cameras.cam-1.sinks = [ { video { max-segment-bytes = 4GB } } ]", "capture.cameras.cam-1.sinks[0].video.max-segment-bytes")]
    [InlineData("capture.cameras.cam-1.sinks = [ { video { queue { full-mode = sometimes } } } ]", "capture.cameras.cam-1.sinks[0].video.queue.full-mode")]
    [InlineData("capture.cameras.cam-1.sinks = images", "capture.cameras.cam-1.sinks")]
    [InlineData("capture.recording.retention.max-bytes-total = lots", "capture.recording.retention.max-bytes-total")]
    [InlineData("capture.cameras.cam-1.frame-rate = NaN", "capture.cameras.cam-1.frame-rate")]
    [InlineData("capture.cameras.cam-1.width = Infinity", "capture.cameras.cam-1.width")]
    [InlineData("capture.supervision.random-factor = NaN", "capture.supervision.random-factor")]
    [InlineData("capture.health.stall-factor = NaN", "capture.health.stall-factor")]
    [InlineData("capture.health.max-loss = NaN", "capture.health.max-loss")]
    [InlineData("capture.cameras { \"cam\\n\" { width = 1 } }", "capture.cameras.\"cam\\n\"")]
    [InlineData("capture.cameras.cam-1.widht = 640", "capture.cameras.cam-1.widht")]
    [InlineData("capture.cameras.cam-1.faults.fail-open = 3", "capture.cameras.cam-1.faults.fail-open")]
    [InlineData("capture.supervision.max-backof = 1s", "capture.supervision.max-backof")]
    [InlineData("capture.helth.check-interval = 1s", "capture.helth")]
    [InlineData("capture.cameras.cam-1.sinks = [ { video { segmnt = 1m } } ]", "capture.cameras.cam-1.sinks[0].video.segmnt")]
    [InlineData("capture.cameras.cam-1.pipeline = [ { encode = jpeg, qualty = 70 } ]", "capture.cameras.cam-1.pipeline[0].qualty")]
    [InlineData("capture.cameras.cam-1.sinks = [ { images { queue { capacty = 4 } } } ]", "capture.cameras.cam-1.sinks[0].images.queue.capacty")]
    [InlineData("capture.metrics.otlp.endpoint = \"collector:4317\"", "capture.metrics.otlp.endpoint")]
    [InlineData("capture.metrics.otlp.protocol = udp", "capture.metrics.otlp.protocol")]
    [InlineData("capture.metrics.otlp.interval = often", "capture.metrics.otlp.interval")]
    [InlineData("capture.cameras {\n  a { width = 1 }\n  b { }\n  a { height = 2 }\n}", "capture.cameras")]
    public void An_invalid_value_should_fail_naming_the_key_and_the_file(string hocon, string path)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        File.WriteAllText(file, hocon);

        var error = Assert.Throws<CaptureConfigurationException>(() => CaptureSettings.Load(file));

        Assert.Equal(path, error.Path);
        Assert.StartsWith($"{file}: {path}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("capture {\n  cameras {\n", "line 2: '{' is never closed")]
    [InlineData("capture.cameras = [ }", "line 1: '}' closes the '[' opened on line 1")]
    [InlineData("# a comment with { and \"\ncapture.cameras {\n  a { label = \"}\" }\n}\n}", "line 5: '}' closes nothing")]
    [InlineData("= = =", "not valid HOCON")]
    public void A_file_that_is_not_HOCON_should_fail_naming_the_file_and_line(string hocon, string reason)
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("rig-").FullName, "rig.conf"); // its own folder: recordings and state beside it are its own
        File.WriteAllText(file, hocon);

        var error = Assert.Throws<CaptureConfigurationException>(() => CaptureSettings.Load(file));

        Assert.StartsWith($"{file}: capture: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_should_fail_naming_it() =>
        Assert.Contains("nowhere.conf", Assert.Throws<CaptureConfigurationException>(() => CaptureSettings.Load("nowhere.conf")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("hocon.conf", 3)]
    [InlineData("config/lab-rig.conf", 4)]
    [InlineData("config/surveillance-rig.conf", 6)]
    [InlineData("config/network-rig.conf", 4)]
    public void The_shipped_rigs_should_load(string file, int cameras)
    {
        var settings = CaptureSettings.Load(Path.Combine(Tools.RepositoryRoot(), file));

        Assert.Equal(cameras, settings.Cameras.Length);
    }

    [Fact]
    public void Pipelines_and_sinks_should_be_read_with_their_queues()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.recording { path = "/srv/rec", retention { max-age = 7d, max-bytes-total = 10GB } }
            capture.cameras.cam-1 {
              pipeline = [ overlay, { resize { width = 640, height = 360 } }, { encode = jpeg, quality = 70 } ]
              sinks = [ images, { video { segment = 2m, queue { capacity = 64 } } }, { null { queue { full-mode = drop-oldest } } } ]
            }
            """));

        var camera = settings.Cameras.Single();
        Assert.Equal<StageSettings>([new OverlayStageSettings(), new ResizeStageSettings(640, 360), new EncodeStageSettings(Capture.Core.Frames.VideoPixelFormat.Jpeg, 70)], camera.Pipeline);
        Assert.Equal([typeof(ImagesSinkSettings), typeof(VideoSinkSettings), typeof(NullSinkSettings)], camera.Sinks.Select(s => s.GetType()));
        var video = Assert.IsType<VideoSinkSettings>(camera.Sinks[1]);
        Assert.Equal((TimeSpan.FromMinutes(2), 64, 1_000_000_000L), (video.Segment, video.Queue.Capacity, video.MaxSegmentBytes));
        Assert.Equal(System.Threading.Channels.BoundedChannelFullMode.DropOldest, camera.Sinks[2].Queue.FullMode);
        Assert.Equal(System.Threading.Channels.BoundedChannelFullMode.Wait, camera.Sinks[0].Queue.FullMode);
        Assert.Equal("/srv/rec", settings.Recording.Path);
        Assert.Equal((TimeSpan.FromDays(7), 10_000_000_000L), (settings.Recording.Retention.MaxAge!.Value, settings.Recording.Retention.MaxBytesTotal!.Value));
    }

    [Fact]
    public void Files_named_in_a_config_should_be_relative_to_the_config_file()
    {
        string folder = Directory.CreateTempSubdirectory("rig-").FullName;
        string file = Path.Combine(folder, "rig.conf");
        File.WriteAllText(file, """
            capture.recording.path = "recordings"
            capture.cameras {
              replay { source = ffmpeg, url = "clips/replay.mp4" }
              camera { source = ffmpeg, url = "rtsp://127.0.0.1:8554/cam" }
            }
            """);

        var settings = CaptureSettings.Load(file);

        Assert.Equal(Path.Combine(folder, "clips", "replay.mp4"), settings.Cameras[0].Url);
        Assert.Equal("rtsp://127.0.0.1:8554/cam", settings.Cameras[1].Url);
        Assert.Equal(Path.Combine(folder, "recordings"), settings.Recording.Path);
    }

    [Fact]
    public void A_misspelt_key_should_be_refused_naming_the_nearest_known_key()
    {
        var error = Assert.Throws<CaptureConfigurationException>(() => CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras.cam-1.widht = 640")));

        Assert.Contains("did you mean 'width'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_camera_defined_twice_should_be_refused_naming_both_lines()
    {
        var error = Assert.Throws<CaptureConfigurationException>(() => CaptureSettings.Parse("capture.cameras {\n  a { width = 1 }\n  a { height = 2 }\n}"));

        Assert.Contains("line 3: camera 'a' is defined twice (first on line 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dotted_keys_adding_to_a_camera_block_should_not_count_as_a_second_block()
    {
        var settings = CaptureSettings.Create(CaptureSettings.Parse("capture.cameras {\n  a { width = 320 }\n}\ncapture.cameras.a.height = 240\ncapture.cameras.b { }"));

        Assert.Equal(["a", "b"], settings.Cameras.Select(c => c.Id.Value));
        Assert.Equal(240, settings.Cameras[0].Constraints.Height!.Value!.Value);
    }

    [Theory]
    [InlineData("sinks = [ null ]")]
    [InlineData("sinks = [ \"null\" ]")]
    [InlineData("sinks = [ { null { queue { capacity = 2 } } } ]")]
    public void The_null_sink_should_be_accepted_as_written(string sinks)
    {
        var camera = CaptureSettings.Create(ConfigurationFactory.ParseString($"capture.cameras.cam-1 {{ {sinks} }}")).Cameras[0];

        Assert.IsType<NullSinkSettings>(Assert.Single(camera.Sinks));
    }

    [Fact]
    public void Every_default_should_come_from_reference_conf()
    {
        var camera = CaptureSettings.Create(ConfigurationFactory.ParseString("capture.cameras.cam-1 { source = ffmpeg, url = x, pipeline = [ { encode = jpeg } ], sinks = [ video ] }")).Cameras[0];
        var defaults = CaptureSettings.DefaultConfig;

        Assert.Equal(defaults.GetTimeSpan("capture.camera-defaults.read-timeout"), camera.ReadTimeout);
        Assert.Equal(defaults.GetInt("capture.stage-defaults.encode.quality"), Assert.IsType<EncodeStageSettings>(camera.Pipeline[0]).Quality);
        var video = Assert.IsType<VideoSinkSettings>(camera.Sinks[0]);
        Assert.Equal(defaults.GetTimeSpan("capture.sink-defaults.video.segment"), video.Segment);
        Assert.Equal(defaults.GetInt("capture.sink-defaults.all.queue.capacity"), video.Queue.Capacity);
    }

    [Fact]
    public void Stall_timeout_should_follow_the_frame_interval()
    {
        var health = new HealthSettings(StallFactor: 3, MinStallTimeout: TimeSpan.FromSeconds(2), CheckInterval: TimeSpan.FromSeconds(1), LossWindow: TimeSpan.FromSeconds(5), MaxLoss: 0.01);

        Assert.Equal(TimeSpan.FromSeconds(2), health.StallTimeoutFor(30, null));
        Assert.Equal(TimeSpan.FromSeconds(3), health.StallTimeoutFor(1, null));
        Assert.Equal(TimeSpan.FromSeconds(30), health.StallTimeoutFor(0.1, null));
        Assert.Equal(TimeSpan.FromMinutes(5), health.StallTimeoutFor(30, TimeSpan.FromMinutes(5)));
    }
}
