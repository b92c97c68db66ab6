using Akka.Configuration;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Tests.Configuration;

/// <summary>The motion stage, the synthetic scene and event delivery as configured; every bad value names its key.</summary>
public sealed class EventSettingsSpecs
{
    [Fact]
    public void Motion_on_should_take_every_default_and_a_block_should_override_them_with_zones_and_masks()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras {
              plain { motion = on }
              yard {
                motion {
                  frame-rate = 2, sensitivity = 0.9
                  zones { door = [0.1,0.2, 0.4,0.2, 0.4,0.9] }
                  masks = [ [0,0, 1,0, 1,0.1] ]
                }
              }
              none { }
            }
            """));

        var plain = settings.Cameras[0].Motion!;
        Assert.Equal((5.0, 0.75, 0.005, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3)), (plain.FrameRate, plain.Sensitivity, plain.MinArea, plain.MinDuration, plain.EndAfter));
        Assert.Empty(plain.Zones);
        var yard = settings.Cameras[1].Motion!;
        Assert.Equal((2.0, 0.9, 10), (yard.FrameRate, yard.Sensitivity, yard.Threshold));
        var door = Assert.Single(yard.Zones);
        Assert.Equal("door", door.Name);
        Assert.Equal([new Point2D(0.1, 0.2), new Point2D(0.4, 0.2), new Point2D(0.4, 0.9)], door.Polygon.ToArray());
        Assert.Equal(3, Assert.Single(yard.Masks).Polygon.Length);
        Assert.Null(settings.Cameras[2].Motion);
        Assert.NotEqual(settings.Cameras[0].Fingerprint, settings.Cameras[1].Fingerprint);
    }

    [Fact]
    public void A_video_sink_in_event_mode_should_read_its_pre_and_post_roll()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras.yard {
              motion = on
              sinks = [ { video { mode = events, pre-roll = 8s } }, video ]
            }
            """));

        var sinks = settings.Cameras[0].Sinks.Cast<VideoSinkSettings>().ToList();
        Assert.Equal(new EventClipSettings(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5)), sinks[0].Clips);
        Assert.Null(sinks[1].Clips);
    }

    [Fact]
    public void A_scene_should_set_the_synthetic_cameras_still_view_noise_and_object()
    {
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.cameras.yard.scene { still = on, noise = 4, object { every = 15s, crossing = 4s, size = 0.25 } }
            """));

        var scene = settings.Cameras[0].Scene;
        Assert.Equal((true, 4, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(4), 0.25), (scene.Still, scene.Noise, scene.ObjectEvery!.Value, scene.ObjectCrossing, scene.ObjectSize));
        Assert.False(scene.ObjectInView(TimeSpan.FromSeconds(10)));
        Assert.True(scene.ObjectInView(TimeSpan.FromSeconds(12)));
        Assert.True(scene.ObjectInView(TimeSpan.FromSeconds(27)));
    }

    [Fact]
    public void Event_delivery_should_read_webhooks_and_mqtt_with_the_password_from_the_environment()
    {
        Environment.SetEnvironmentVariable("CAPTURE_TEST_MQTT_PASSWORD", "s3cret");
        var settings = CaptureSettings.Create(ConfigurationFactory.ParseString("""
            capture.recording.path = "/tmp/rec"
            capture.events {
              retention = 7d
              webhooks { urls = [ "http://127.0.0.1:9/hook?token=abc" ], attempts = 3 }
              mqtt { host = "127.0.0.1", port = 1884, topic-prefix = "site/cams", username = "cam", password-env = CAPTURE_TEST_MQTT_PASSWORD }
            }
            """));

        var events = settings.Events;
        Assert.Equal(("/tmp/rec/events.db", TimeSpan.FromDays(7)), (events.StorePath, events.Retention!.Value));
        Assert.Equal((new Uri("http://127.0.0.1:9/hook?token=abc"), 3), (Assert.Single(events.Webhooks.Urls), events.Webhooks.Attempts));
        Assert.Equal(("127.0.0.1", 1884, "site/cams", "capture-pipeline"), (events.Mqtt!.Host, events.Mqtt.Port, events.Mqtt.TopicPrefix, events.Mqtt.ClientId));
        Assert.Equal(("cam", "s3cret"), (events.Mqtt.Credentials!.User, events.Mqtt.Credentials.ToNetworkCredential().Password));
        Assert.DoesNotContain("s3cret", settings.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("token=abc", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_configuration_events_should_be_kept_for_30_days_with_no_webhook_and_no_broker()
    {
        var events = CaptureSettings.Create(ConfigurationFactory.Empty).Events;

        Assert.Equal(TimeSpan.FromDays(30), events.Retention);
        Assert.Empty(events.Webhooks.Urls);
        Assert.Null(events.Mqtt);
    }

    [Theory]
    [InlineData("capture.cameras.a.motion { zones { door = [0.1, 0.2] } }", "capture.cameras.a.motion.zones.door")]
    [InlineData("capture.cameras.a.motion { zones { door = [0.1,0.2, 0.4,0.2, 1.5,0.9] } }", "capture.cameras.a.motion.zones.door[4]")]
    [InlineData("capture.cameras.a.motion { masks = [ [0,0, 1,0] ] }", "capture.cameras.a.motion.masks[0]")]
    [InlineData("capture.cameras.a.motion { sensitivity = 2 }", "capture.cameras.a.motion.sensitivity")]
    [InlineData("capture.cameras.a.motion { treshold = 2 }", "capture.cameras.a.motion.treshold")]
    [InlineData("capture.cameras.a.motion = sometimes", "capture.cameras.a.motion")]
    [InlineData("capture.cameras.a { source = rtsp, url = \"rtsp://h/x\", scene { still = on } }", "capture.cameras.a.scene")]
    [InlineData("capture.cameras.a.scene { object { every = 5s, crossing = 6s } }", "capture.cameras.a.scene.object.crossing")]
    [InlineData("capture.cameras.a.scene { noise = 100 }", "capture.cameras.a.scene.noise")]
    [InlineData("capture.cameras.a.sinks = [ { video { mode = events } } ]", "capture.cameras.a.sinks[0]")]
    [InlineData("capture.cameras.a { motion = on, sinks = [ { video { mode = sometimes } } ] }", "capture.cameras.a.sinks[0].video.mode")]
    [InlineData("capture.events.webhooks.urls = [ \"ftp://h/x\" ]", "capture.events.webhooks.urls[0]")]
    [InlineData("capture.events.webhooks.urls = \"http://h/x\"", "capture.events.webhooks.urls")]
    [InlineData("capture.events.mqtt { host = h, topic-prefix = \"a/#\" }", "capture.events.mqtt.topic-prefix")]
    [InlineData("capture.events.mqtt { host = h, port = 0 }", "capture.events.mqtt.port")]
    [InlineData("capture.events.retention = forever", "capture.events.retention")]
    public void A_bad_value_should_name_its_key_and_file(string hocon, string key)
    {
        var error = Assert.Throws<CaptureConfigurationException>(() => CaptureSettings.Create(ConfigurationFactory.ParseString(hocon), "/etc/capture.conf"));

        Assert.Equal(key, error.Path);
        Assert.StartsWith("/etc/capture.conf: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_url_should_never_be_repeated_in_an_error()
    {
        var error = Assert.Throws<CaptureConfigurationException>(() => CaptureSettings.Create(ConfigurationFactory.ParseString("capture.events.webhooks.urls = [ \"ftp://user:pw@h/x?token=t0k\" ]")));

        Assert.DoesNotContain("t0k", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", error.Message, StringComparison.Ordinal);
    }
}
