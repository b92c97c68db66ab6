using System.Collections.Immutable;
using System.Text.Json;
using Akka.Configuration;
using Capture.Core.Drivers;
using Capture.Core.Frames;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Json;
using Capture.Core.Media;
using Capture.Drivers;

namespace Capture.Pipeline.Configuration;

/// <summary>Reads <c>capture.cameras</c>: one block per camera, every key known, every default from <c>capture.camera-defaults</c>.</summary>
internal static class CameraSettingsReader
{
    private const string Root = "capture.cameras";

    private static readonly string[] s_keys =
    [
        "source", "label", "width", "height", "frame-rate", "profile", "url", "device", "username", "password", "username-env", "password-env",
        "read-timeout", "loop", "snapshot", "constraints", "stall-timeout", "faults", "scene", "pipeline", "sinks", "motion", "trigger", "pixel-format", "features",
    ];

    private static readonly string[] s_scene = ["still", "noise", "object"];

    private static readonly string[] s_sceneObject = ["every", "crossing", "size"];

    private static readonly string[] s_faults =
        ["disconnect-after-frames", "stall-after-frames", "stall-duration", "corrupt-every-nth-frame", "fail-photos", "fail-opens", "open-delay", "photo-delay"];

    public static ImmutableArray<CameraSettings> Read(ConfigReader reader, string baseDirectory)
    {
        if (!reader.Has(Root))
        {
            return [];
        }

        var cameras = reader.Config.GetValue(Root);
        if (!cameras.IsObject())
        {
            throw reader.Error(Root, "must be an object with one block per camera");
        }

        var defaults = reader.Config.GetConfig("capture");
        var result = ImmutableArray.CreateBuilder<CameraSettings>();
        foreach (var (id, block) in cameras.GetObject().Items)
        {
            // A control character in an id is shown escaped, so the error names the key readably.
            string path = $"{Root}.{(id.Any(char.IsControl) ? JsonSerializer.Serialize(id) : id)}";
            if (!CameraId.IsValid(id))
            {
                throw reader.Error(path, "the camera id must be 1-64 letters, digits, '-' or '_', starting with a letter or digit");
            }

            if (!block.IsObject())
            {
                throw reader.Error(path, "must be an object");
            }

            var camera = reader.Section($"{Root}.\"{id}\"", path);
            KnownKeys.Check(camera, string.Empty, block.GetObject().Items.Keys, s_keys);
            if (camera.Has("faults"))
            {
                KnownKeys.Check(camera, "faults", camera.Config.GetValue("faults").GetObject().Items.Keys, s_faults);
            }

            result.Add(ReadCamera(camera.WithFallback(defaults.GetConfig("camera-defaults")), new CameraId(id), baseDirectory, defaults));
        }

        return result.ToImmutable();
    }

    private static CameraSettings ReadCamera(ConfigReader camera, CameraId id, string baseDirectory, Config defaults)
    {
        var source = Source(camera);
        string? url = camera.Text("url");
        if (source is SourceKind.Mjpeg or SourceKind.Ffmpeg or SourceKind.Rtsp && string.IsNullOrWhiteSpace(url))
        {
            throw camera.Error("url", $"a {source.ConfigName()} camera needs a url");
        }

        if (source == SourceKind.Ffmpeg && url is { Length: > 0 } && !url.Contains("://", StringComparison.Ordinal) && !url.Contains(':', StringComparison.Ordinal) && !Path.IsPathRooted(url))
        {
            url = Path.GetFullPath(url, baseDirectory); // a file, like a profile, is relative to the config file
        }

        if (source == SourceKind.GenICam)
        {
            url = camera.Text("device") is { Length: > 0 } device ? device : throw camera.Error("device", "a genicam camera needs a device: its id (Aravis-Fake-GV01), serial or address");
        }

        if (source == SourceKind.V4L2)
        {
            url = camera.Text("device") ?? "/dev/video0";
            if (!url.StartsWith("/dev/", StringComparison.Ordinal))
            {
                throw camera.Error("device", "must be a device node such as /dev/video0");
            }
        }

        if (source == SourceKind.Mjpeg && !Uri.TryCreate(url, UriKind.Absolute, out var parsed) | parsed?.Scheme is not ("http" or "https"))
        {
            throw camera.Error("url", "must be an http:// or https:// URL");
        }

        if (source == SourceKind.Rtsp && (!Uri.TryCreate(CameraUrl.Split(url!).Url, UriKind.Absolute, out var rtsp) || rtsp.Scheme is not ("rtsp" or "rtsps") || rtsp.Host.Length == 0))
        {
            throw camera.Error("url", "must be an rtsp:// URL with a host");
        }

        // Secrets may come from the environment by name (username-env / password-env), so they stay out of the file.
        string? user = camera.Text("username") ?? Environment.GetEnvironmentVariable(camera.Text("username-env") ?? string.Empty);
        string? password = camera.Text("password") ?? Environment.GetEnvironmentVariable(camera.Text("password-env") ?? string.Empty);
        var settings = new CameraSettings
        {
            Id = id,
            Source = source,
            Label = camera.Text("label") ?? id.Value,
            Constraints = Constraints(camera),
            Profile = Profile(camera, baseDirectory),
            StallTimeout = camera.OptionalDuration("stall-timeout"),
            Url = url,
            Credentials = user is { Length: > 0 } ? new SourceCredentials(user, password ?? string.Empty) : null,
            ReadTimeout = camera.Duration("read-timeout"),
            Loop = camera.Flag("loop"),
            Snapshot = camera.Flag("snapshot"),
            Pipeline = PipelineSettingsReader.Stages(camera, defaults),
            Sinks = PipelineSettingsReader.Sinks(camera, defaults),
            Faults = Faults(camera),
            Scene = Scene(camera, source),
            Motion = MotionSettingsReader.Read(camera, defaults),
            Trigger = Trigger(camera, source),
            PixelFormat = PixelFormat(camera, source),
            Features = Features(camera, source),
        };
        if (settings.Motion is null && settings.Sinks.IndexOf(settings.Sinks.FirstOrDefault(s => s is VideoSinkSettings { Clips: not null })!) is var clips and >= 0)
        {
            throw camera.Error($"sinks[{clips}]", "mode = events records around motion events: the camera needs motion = on (or a motion block)");
        }

        return settings with { Fingerprint = Fingerprint(settings, password) };
    }

    private static VideoPixelFormat PixelFormat(ConfigReader camera, SourceKind source) => camera.Text("pixel-format") switch
    {
        null => VideoPixelFormat.Gray8,
        _ when source != SourceKind.GenICam => throw camera.Error("pixel-format", $"only a genicam camera has a pixel format, not a {source.ConfigName()} one"),
        "mono8" => VideoPixelFormat.Gray8,
        "mono16" => VideoPixelFormat.Gray16,
        "bayer-rg8" => VideoPixelFormat.BayerRG8,
        "bayer-gr8" => VideoPixelFormat.BayerGR8,
        "bayer-gb8" => VideoPixelFormat.BayerGB8,
        "bayer-bg8" => VideoPixelFormat.BayerBG8,
        var other => throw camera.Error("pixel-format", $"unknown pixel format '{other}'; known: mono8, mono16, bayer-rg8, bayer-gr8, bayer-gb8, bayer-bg8"),
    };

    private static ImmutableArray<KeyValuePair<string, string>> Features(ConfigReader camera, SourceKind source)
    {
        if (!camera.Has("features"))
        {
            return [];
        }

        var block = camera.Config.GetValue("features");
        if (source != SourceKind.GenICam || !block.IsObject())
        {
            throw camera.Error("features", source != SourceKind.GenICam
                ? $"only a genicam camera has GenICam features, not a {source.ConfigName()} one"
                : "must be a block of GenICam features by name: features { GainRaw = 10, BinningHorizontal = 2 }");
        }

        return [.. block.GetObject().Items.Select(f => f.Value.IsString()
            ? KeyValuePair.Create(f.Key, f.Value.GetString())
            : throw camera.Error($"features.{f.Key}", "must be a number or a word, such as 10, 2.5 or Continuous"))];
    }

    private static TriggerMode Trigger(ConfigReader camera, SourceKind source)
    {
        if (!camera.Has("trigger"))
        {
            return TriggerMode.Off;
        }

        if (!camera.Config.GetValue("trigger").IsObject())
        {
            throw camera.Error("trigger", "must be a block: trigger { mode = software | line0 | off }");
        }

        KnownKeys.Check(camera, "trigger", camera.Config.GetValue("trigger").GetObject().Items.Keys, ["mode"]);
        string mode = camera.Text("trigger.mode") ?? "off";
        var trigger = Enum.GetValues<TriggerMode>().FirstOrDefault(m => m.ToString().Equals(mode, StringComparison.OrdinalIgnoreCase)) is var found && found.ToString().Equals(mode, StringComparison.OrdinalIgnoreCase)
            ? found
            : throw camera.Error("trigger.mode", $"unknown trigger mode '{mode}'; known: off, software, line0");
        return trigger != TriggerMode.Off && source != SourceKind.GenICam
            ? throw camera.Error("trigger.mode", $"only a genicam camera has a trigger, not a {source.ConfigName()} one")
            : trigger;
    }

    private static SourceKind Source(ConfigReader camera)
    {
        string name = camera.Text("source") ?? string.Empty;
        return Enum.GetValues<SourceKind>().FirstOrDefault(k => k.ConfigName() == name) is var kind && kind.ConfigName() == name
            ? kind
            : throw camera.Error("source", $"unknown source '{name}'; known: {string.Join(", ", Enum.GetValues<SourceKind>().Select(k => k.ConfigName()))}");
    }

    private static MediaTrackConstraints Constraints(ConfigReader camera)
    {
        var constraints = new MediaTrackConstraints();
        if (camera.Has("constraints"))
        {
            try
            {
                constraints = HoconJson.ToJson(camera.Config.GetValue("constraints")).Deserialize<MediaTrackConstraints>(MediaJson.Options) ?? constraints;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw camera.Error("constraints", $"not valid MediaTrackConstraints: {e.Message}", e);
            }
        }

        return constraints with
        {
            Width = constraints.Width ?? Positive(camera, "width"),
            Height = constraints.Height ?? Positive(camera, "height"),
            FrameRate = constraints.FrameRate ?? Positive(camera, "frame-rate"),
        };
    }

    private static CameraProfile? Profile(ConfigReader camera, string baseDirectory)
    {
        if (camera.Text("profile") is not { Length: > 0 } profilePath)
        {
            return null;
        }

        try
        {
            return CameraProfile.Load(Path.IsPathRooted(profilePath) ? profilePath : Path.Combine(baseDirectory, profilePath));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw camera.Error("profile", e.Message, e);
        }
    }

    /// <summary>A hash of everything a camera is configured with, to tell on reload whether it changed.</summary>
    /// <remarks>Built from the parsed values, not the HOCON text: Akka's HOCON cannot print a block holding an unresolved <c>${?VAR}</c>.</remarks>
    private static string Fingerprint(CameraSettings camera, string? password)
    {
        string text = string.Join(
            '\n',
            camera.Source,
            camera.Label,
            camera.Url,
            camera.Credentials?.User,
            password,
            camera.ReadTimeout,
            camera.Loop,
            camera.Snapshot,
            camera.StallTimeout,
            camera.Faults,
            camera.Scene,
            camera.Motion,
            string.Join(';', camera.Motion?.Zones ?? []),
            string.Join(';', camera.Motion?.Masks ?? []),
            JsonSerializer.Serialize(camera.Constraints, MediaJson.Options),
            camera.Profile is null ? string.Empty : JsonSerializer.Serialize(camera.Profile, MediaJson.Options),
            string.Join(';', camera.Pipeline),
            string.Join(';', camera.Sinks));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static SyntheticFaults Faults(ConfigReader camera) => !camera.Has("faults") ? SyntheticFaults.None : new SyntheticFaults
    {
        DisconnectAfterFrames = camera.OptionalInteger("faults.disconnect-after-frames", 0),
        StallAfterFrames = camera.OptionalInteger("faults.stall-after-frames", 0),
        StallDuration = camera.OptionalDuration("faults.stall-duration") ?? SyntheticFaults.None.StallDuration,
        CorruptEveryNthFrame = camera.OptionalInteger("faults.corrupt-every-nth-frame", 1),
        FailPhotos = camera.OptionalInteger("faults.fail-photos", 0) ?? 0,
        FailOpens = camera.OptionalInteger("faults.fail-opens", 0) ?? 0,
        OpenDelay = camera.Has("faults.open-delay") ? camera.Duration("faults.open-delay", allowZero: true) : TimeSpan.Zero,
        PhotoDelay = camera.Has("faults.photo-delay") ? camera.Duration("faults.photo-delay", allowZero: true) : TimeSpan.Zero,
    };

    /// <summary><c>scene { still = on, noise = 3, object { every = 20s, crossing = 6s, size = 0.2 } }</c>: what a synthetic camera shows.</summary>
    private static SyntheticSceneScript Scene(ConfigReader camera, SourceKind source)
    {
        if (!camera.Has("scene"))
        {
            return SyntheticSceneScript.Pattern;
        }

        if (source != SourceKind.Synthetic)
        {
            throw camera.Error("scene", "only a synthetic camera has a scene");
        }

        if (!camera.Config.GetValue("scene").IsObject())
        {
            throw camera.Error("scene", "must be a block: scene { still = on, noise = 3, object { every = 20s, crossing = 6s, size = 0.2 } }");
        }

        KnownKeys.Check(camera, "scene", camera.Config.GetValue("scene").GetObject().Items.Keys, s_scene);
        var script = new SyntheticSceneScript
        {
            Still = camera.Has("scene.still") && camera.Flag("scene.still"),
            Noise = camera.Has("scene.noise") ? camera.Integer("scene.noise", 0, 64) : 0,
        };
        if (!camera.Has("scene.object"))
        {
            return script;
        }

        KnownKeys.Check(camera, "scene.object", camera.Config.GetValue("scene.object").GetObject().Items.Keys, s_sceneObject);
        script = script with
        {
            ObjectEvery = camera.Duration("scene.object.every"),
            ObjectCrossing = camera.Has("scene.object.crossing") ? camera.Duration("scene.object.crossing") : script.ObjectCrossing,
            ObjectSize = camera.Has("scene.object.size") ? camera.Number("scene.object.size", 0.01, 1) : script.ObjectSize,
        };
        return script.ObjectCrossing > script.ObjectEvery
            ? throw camera.Error("scene.object.crossing", $"must not be longer than scene.object.every ({script.ObjectEvery})")
            : script;
    }

    /// <summary>A shorthand for an ideal constraint (<c>width = 1280</c>), absent when the key is.</summary>
    private static ConstrainDouble? Positive(ConfigReader camera, string key) =>
        camera.Has(key) ? camera.Number(key, double.Epsilon, 1e6) : null;
}
