using Capture.Core.Drivers;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Frames;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Core.Tests.TestKit;

namespace Capture.Core.Tests.Drivers;

/// <summary>The synthetic camera: deterministic pattern, visible controls, profiles as data, and capture without loss.</summary>
public sealed class SyntheticCameraDriverSpecs
{
    [Fact]
    public async Task Pattern_should_move_over_time()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var capture = new ImageCapture(await rig.OpenTrackAsync());

        var first = await PixelsAsync(capture);
        var second = await PixelsAsync(capture);

        Assert.NotEqual(first, second);
    }

    public static TheoryData<string> VisibleControls => new()
    {
        """{"zoom":3}""",
        """{"pan":180000}""",
        """{"tilt":-90000}""",
        """{"brightness":220}""",
        """{"contrast":40}""",
        """{"saturation":0}""",
        """{"torch":true}""",
        """{"exposureCompensation":-2}""",
        """{"exposureMode":"manual","exposureTime":2000}""",
        """{"whiteBalanceMode":"manual","colorTemperature":2500}""",
        """{"focusMode":"manual","focusDistance":0.1}""",
    };

    [Theory]
    [MemberData(nameof(VisibleControls))]
    public async Task Every_control_should_visibly_change_the_picture(string constraints)
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var capture = new ImageCapture(track);
        var before = await PixelsAsync(capture);
        double motion = Difference(before, await PixelsAsync(capture));

        await track.ApplyConstraintsAsync(System.Text.Json.JsonSerializer.Deserialize<MediaTrackConstraints>(constraints, Capture.Core.Json.MediaJson.Options));
        double change = Difference(before, await PixelsAsync(capture));

        // Frame to frame the pattern moves a little; a control must change it far more than that.
        Assert.True(change > (3 * motion) + 2, $"{constraints} changed the picture by {change:0.00} (motion alone: {motion:0.00})");
    }

    [Fact]
    public async Task Torch_and_brightness_should_brighten_the_picture()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        var track = await rig.OpenTrackAsync();
        var capture = new ImageCapture(track);
        double dark = Mean(await PixelsAsync(capture));

        await track.ApplyConstraintsAsync(new() { Torch = true, Brightness = 200 });

        Assert.True(Mean(await PixelsAsync(capture)) > dark + 20);
    }

    [Fact]
    public void Profiles_in_config_should_load()
    {
        string folder = Path.Combine(Tools.RepositoryRoot(), "config", "profiles");
        var files = Directory.GetFiles(folder, "*.json");

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.NotNull(CameraProfile.Load(file).Capabilities.Width));
    }

    [Fact]
    public void A_broken_profile_should_name_its_file()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, """{"capabilities":{"zoom":"big"}}""");

        var error = Assert.ThrowsAny<System.Text.Json.JsonException>(() => CameraProfile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_at_720p30_should_lose_no_frame_in_10_seconds()
    {
        var camera = new SyntheticCameraDriver("lab-1");
        await using var rig = CameraFixture.Create(null, camera);
        var track = await rig.OpenTrackAsync(new() { Width = 1280, Height = 720, FrameRate = 30 });
        using var reader = new MediaStreamTrackProcessor(track, maxBufferSize: 8);

        long expected = -1, frames = 0;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            using var frame = await reader.Readable.ReadAsync();
            Assert.Equal((1280, 720, VideoPixelFormat.Bgra32), (frame.Width, frame.Height, frame.Format));
            Assert.True(expected < 0 || frame.Sequence == expected, $"gap before frame {frame.Sequence}");
            expected = frame.Sequence + 1;
            frames++;
        }

        Assert.Equal(0, reader.DroppedFrames);
        Assert.Equal(0, track.Stats.DiscardedFrames);
        Assert.InRange(frames, 200, 320);
    }

    [Fact]
    public async Task Frames_should_carry_monotonic_timestamps()
    {
        await using var rig = CameraFixture.Create(Profiles.Small);
        using var reader = new MediaStreamTrackProcessor(await rig.OpenTrackAsync(), maxBufferSize: 8);

        VideoFrameInfo? previous = null;
        for (int i = 0; i < 5; i++)
        {
            using var frame = await reader.Readable.ReadAsync();
            if (previous is { } p)
            {
                Assert.True(frame.Info.HostTimestamp > p.HostTimestamp);
                Assert.True(frame.Info.DeviceTimestamp > p.DeviceTimestamp);
                Assert.True(frame.Info.UtcTime >= p.UtcTime);
            }

            previous = frame.Info;
        }
    }

    private static async Task<byte[]> PixelsAsync(ImageCapture capture)
    {
        using var frame = await capture.GrabFrameAsync();
        return frame.Data.ToArray();
    }

    /// <summary>Mean absolute difference per byte, below the top tenth where the counter is burned in.</summary>
    private static double Difference(byte[] a, byte[] b)
    {
        int skip = a.Length / 10;
        long sum = 0;
        for (int i = skip; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return (double)sum / (a.Length - skip);
    }

    private static double Mean(byte[] bgra) => bgra.Average(b => (double)b);
}
