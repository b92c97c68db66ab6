using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Capture.Pipeline.Sinks;
using Capture.Pipeline.Stages;
using Capture.Core.Drivers;
using Capture.Core.Drivers.Synthetic;
using Capture.Core.Json;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;

namespace Capture.Pipeline.Configuration;

/// <summary>The rig's settings, read once from the <c>capture</c> section of HOCON and validated on the spot.</summary>
public sealed record CaptureSettings
{
    /// <summary>The cameras, in the order configured.</summary>
    public ImmutableArray<CameraSettings> Cameras { get; init; } = [];

    /// <summary>Back-off for failed cameras.</summary>
    public required SupervisionSettings Supervision { get; init; }

    /// <summary>Stall detection.</summary>
    public required HealthSettings Health { get; init; }

    /// <summary>Control-plane timeouts.</summary>
    public required CommandSettings Commands { get; init; }

    /// <summary>Where recordings go and how long they stay.</summary>
    public required RecordingSettings Recording { get; init; }

    /// <summary>Whether the config file is watched for camera changes.</summary>
    public bool HotReload { get; init; }

    /// <summary>The file the settings came from, when they came from one.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The embedded <c>reference.conf</c>: every key with its default.</summary>
    public static Config DefaultConfig { get; } = ConfigurationFactory.ParseString(ReadReference());

    /// <summary>Reads the settings of an actor system, with the defaults as a fallback.</summary>
    public static CaptureSettings Create(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config);
    }

    /// <summary>Reads a HOCON file (with the defaults as a fallback), naming the file in any error.</summary>
    /// <exception cref="CaptureConfigurationException">The file is missing, unparsable or holds an invalid value.</exception>
    public static CaptureSettings Load(string path)
    {
        string full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CaptureConfigurationException("capture", $"cannot read the file: {e.Message}", full, e);
        }

        return Create(Parse(text, full), full);
    }

    /// <summary>Reads settings from any config of this shape (with the defaults as a fallback).</summary>
    /// <param name="config">A config holding a <c>capture</c> section.</param>
    /// <param name="file">The file it came from, named in errors and used to resolve relative paths.</param>
    /// <exception cref="CaptureConfigurationException">A value is invalid; the message names its path.</exception>
    public static CaptureSettings Create(Config config, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var reader = new ConfigReader(config.WithFallback(DefaultConfig), file);
        string baseDirectory = reader.Text("capture.base-directory") is { Length: > 0 } configured
            ? configured
            : (file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(file)!);
        return new CaptureSettings
        {
            Cameras = ReadCameras(reader, baseDirectory),
            HotReload = reader.Flag("capture.hot-reload"),
            Recording = new RecordingSettings(
                Path.GetFullPath(reader.Text("capture.recording.path") ?? "recordings", baseDirectory),
                new RetentionSettings(
                    reader.OptionalDuration("capture.recording.retention.max-age"),
                    reader.OptionalBytes("capture.recording.retention.max-bytes-per-camera", offAllowed: true),
                    reader.OptionalBytes("capture.recording.retention.max-bytes-total", offAllowed: true),
                    reader.OptionalBytes("capture.recording.retention.min-free-bytes", offAllowed: true)),
                reader.Integer("capture.recording.input-queue", 1, 1024)),
            SourceFile = file,
            Supervision = new SupervisionSettings(
                reader.Duration("capture.supervision.min-backoff"),
                reader.Duration("capture.supervision.max-backoff"),
                reader.Number("capture.supervision.random-factor", 0, 1),
                reader.Duration("capture.supervision.reset-after"),
                reader.Integer("capture.supervision.failed-after", 1)),
            Health = new HealthSettings(
                reader.Number("capture.health.stall-factor", 1, 1000),
                reader.Duration("capture.health.min-stall-timeout"),
                reader.Duration("capture.health.check-interval"),
                reader.Duration("capture.health.loss-window"),
                reader.Number("capture.health.max-loss", 0, 1)),
            Commands = new CommandSettings(
                reader.Duration("capture.commands.reconnect-wait", allowZero: true),
                reader.Duration("capture.commands.ask-timeout"),
                reader.Duration("capture.commands.grab-frame-timeout")),
        };
    }

    /// <summary>Parses HOCON text, naming the file and line of a syntax error instead of hanging on it.</summary>
    /// <exception cref="CaptureConfigurationException">The text is not valid HOCON.</exception>
    public static Config Parse(string text, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (HoconBrackets.FindMismatch(text) is { } mismatch)
        {
            throw new CaptureConfigurationException("capture", $"not valid HOCON: {mismatch}", file);
        }

        // The parser has been seen to loop on malformed input the bracket check cannot catch; never wait on it forever.
        var parsing = Task.Run(() => ConfigurationFactory.ParseString(text));
        try
        {
            return parsing.Wait(TimeSpan.FromSeconds(10)) ? parsing.Result : throw new CaptureConfigurationException("capture", "not valid HOCON: the parser did not finish", file);
        }
        catch (AggregateException e)
        {
            throw new CaptureConfigurationException("capture", $"not valid HOCON: {e.InnerException?.Message}", file, e.InnerException);
        }
    }

    private static ImmutableArray<CameraSettings> ReadCameras(ConfigReader reader, string baseDirectory)
    {
        const string Root = "capture.cameras";
        if (!reader.Has(Root))
        {
            return [];
        }

        var cameras = reader.Config.GetValue(Root);
        if (!cameras.IsObject())
        {
            throw reader.Error(Root, "must be an object with one block per camera");
        }

        var result = ImmutableArray.CreateBuilder<CameraSettings>();
        foreach (var (id, block) in cameras.GetObject().Items)
        {
            string path = $"{Root}.{id}";
            if (!CameraId.IsValid(id))
            {
                throw reader.Error(path, "the camera id must be 1-64 letters, digits, '-' or '_', starting with a letter or digit");
            }

            if (!block.IsObject())
            {
                throw reader.Error(path, "must be an object");
            }

            result.Add(ReadCamera(reader.Section($"{Root}.\"{id}\"", path), new CameraId(id), baseDirectory));
        }

        return result.ToImmutable();
    }

    private static CameraSettings ReadCamera(ConfigReader camera, CameraId id, string baseDirectory)
    {
        string source = camera.Text("source") ?? CameraSources.Synthetic;
        if (!CameraSources.All.Contains(source))
        {
            throw camera.Error("source", $"unknown source '{source}'; known: {string.Join(", ", CameraSources.All)}");
        }

        string? url = camera.Text("url");
        if (source is CameraSources.Mjpeg or CameraSources.Ffmpeg && string.IsNullOrWhiteSpace(url))
        {
            throw camera.Error("url", $"a {source} camera needs a url");
        }

        if (source == CameraSources.V4L2)
        {
            url = camera.Text("device") ?? "/dev/video0";
            if (!url.StartsWith("/dev/", StringComparison.Ordinal))
            {
                throw camera.Error("device", "must be a device node such as /dev/video0");
            }
        }

        if (source == CameraSources.Mjpeg && !Uri.TryCreate(url, UriKind.Absolute, out var parsed) | parsed?.Scheme is not ("http" or "https"))
        {
            throw camera.Error("url", "must be an http:// or https:// URL");
        }

        // Secrets may come from the environment by name (username-env / password-env), so they stay out of the file.
        string? user = camera.Text("username") ?? Environment.GetEnvironmentVariable(camera.Text("username-env") ?? string.Empty);
        string? password = camera.Text("password") ?? Environment.GetEnvironmentVariable(camera.Text("password-env") ?? string.Empty);
        var credentials = user is { Length: > 0 } ? new SourceCredentials(user, password ?? string.Empty) : null;

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

        constraints = constraints with
        {
            Width = constraints.Width ?? Positive(camera, "width"),
            Height = constraints.Height ?? Positive(camera, "height"),
            FrameRate = constraints.FrameRate ?? Positive(camera, "frame-rate"),
        };

        CameraProfile? profile = null;
        if (camera.Text("profile") is { Length: > 0 } profilePath)
        {
            string resolved = Path.IsPathRooted(profilePath) ? profilePath : Path.Combine(baseDirectory, profilePath);
            try
            {
                profile = CameraProfile.Load(resolved);
            }
            catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
            {
                throw camera.Error("profile", e.Message, e);
            }
        }

        var settings = new CameraSettings
        {
            Id = id,
            Source = source,
            Label = camera.Text("label") ?? id.Value,
            Constraints = constraints,
            Profile = profile,
            StallTimeout = camera.OptionalDuration("stall-timeout"),
            Url = url,
            Credentials = credentials,
            ReadTimeout = camera.OptionalDuration("read-timeout") ?? TimeSpan.FromSeconds(10),
            Loop = camera.Has("loop") && camera.Flag("loop"),
            Snapshot = camera.Has("snapshot") && camera.Flag("snapshot"),
            Pipeline = ReadPipeline(camera),
            Sinks = ReadSinks(camera),
            Faults = ReadFaults(camera),
        };
        return settings with { Fingerprint = Fingerprint(settings, password) };
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
            JsonSerializer.Serialize(camera.Constraints, MediaJson.Options),
            camera.Profile is null ? string.Empty : JsonSerializer.Serialize(camera.Profile, MediaJson.Options),
            string.Join(';', camera.Pipeline),
            string.Join(';', camera.Sinks));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private static ImmutableArray<ProcessorSettings> ReadPipeline(ConfigReader camera)
    {
        var result = ImmutableArray.CreateBuilder<ProcessorSettings>();
        foreach (var (kind, options, path) in Elements(camera, "pipeline"))
        {
            if (!ProcessorSettings.Kinds.Contains(kind))
            {
                throw camera.Error(path, $"unknown stage '{kind}'; known: {string.Join(", ", ProcessorSettings.Kinds)}");
            }

            result.Add(kind switch
            {
                "encode" when options?.Text("encode") is { } format && format is not ("jpeg" or "png") => throw camera.Error($"{path}.encode", $"unknown format '{format}'; known: jpeg, png"),
                "encode" => new ProcessorSettings(kind, Quality: options?.Has("quality") == true ? options.Integer("quality", 1, 100) : 85, Format: options?.Text("encode") ?? "jpeg"),
                "crop" when options is null || !options.Has("crop.width") || !options.Has("crop.height") => throw camera.Error(path, "crop needs { crop { x = …, y = …, width = …, height = … } }"),
                "crop" => new ProcessorSettings(kind, Width: options.Integer("crop.width", 1, 16384), Height: options.Integer("crop.height", 1, 16384), X: options.OptionalInteger("crop.x", 0) ?? 0, Y: options.OptionalInteger("crop.y", 0) ?? 0),
                "convert" when options?.Text("convert") is not ("bgra" or "rgba") => throw camera.Error($"{path}.convert", "must be bgra or rgba"),
                "convert" => new ProcessorSettings(kind, Format: options!.Text("convert")!),
                "resize" when options is null || !options.Has("resize.width") || !options.Has("resize.height") => throw camera.Error(path, "resize needs { resize { width = …, height = … } }"),
                "resize" => new ProcessorSettings(kind, Width: options.Integer("resize.width", 1, 16384), Height: options.Integer("resize.height", 1, 16384)),
                "decode" => new ProcessorSettings(kind, FrameRate: options?.Has("decode.frame-rate") == true ? options.Number("decode.frame-rate", 0.01, 1000) : null),
                _ => new ProcessorSettings(kind),
            });
        }

        // Pixels exist only after the decode stage: one placed after a pixel stage could never feed it.
        var stages = result.ToList();
        int decode = stages.FindIndex(p => p.Kind == "decode");
        int pixels = stages.FindIndex(p => p.NeedsPixels);
        if (decode >= 0 && pixels >= 0 && decode > pixels)
        {
            throw camera.Error($"pipeline[{decode}]", $"decode must come before {stages[pixels].Kind} (pipeline[{pixels}]), the first stage that needs pixels");
        }

        if (stages.FindLastIndex(p => p.Kind == "decode") is var last && last != decode)
        {
            throw camera.Error($"pipeline[{last}]", "a pipeline decodes once");
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<SinkSettings> ReadSinks(ConfigReader camera)
    {
        var result = ImmutableArray.CreateBuilder<SinkSettings>();
        foreach (var (kind, options, path) in Elements(camera, "sinks"))
        {
            if (!SinkSettings.Kinds.Contains(kind))
            {
                throw camera.Error(path, $"unknown sink '{kind}'; known: {string.Join(", ", SinkSettings.Kinds)}");
            }

            var queue = ChannelSettings.Recording;
            if (options?.Has($"{kind}.queue.capacity") == true)
            {
                queue = queue with { Capacity = options.Integer($"{kind}.queue.capacity", 1, 4096) };
            }

            if (options?.Text($"{kind}.queue.full-mode") is { } mode)
            {
                queue = queue with
                {
                    FullMode = mode switch
                    {
                        "wait" => System.Threading.Channels.BoundedChannelFullMode.Wait,
                        "drop-oldest" => System.Threading.Channels.BoundedChannelFullMode.DropOldest,
                        "drop-newest" => System.Threading.Channels.BoundedChannelFullMode.DropNewest,
                        _ => throw camera.Error($"{path}.{kind}.queue.full-mode", $"must be wait, drop-oldest or drop-newest, got '{mode}'"),
                    },
                };
            }

            var segment = options?.Has($"{kind}.segment") == true ? options.Duration($"{kind}.segment") : TimeSpan.FromMinutes(5);
            long maxBytes = options?.Has($"{kind}.max-segment-bytes") == true
                ? options.OptionalBytes($"{kind}.max-segment-bytes") is { } bytes && bytes is >= 1 << 20 and <= Sinks.MjpegVideoSink.DefaultMaxSegmentBytes
                    ? bytes
                    : throw camera.Error($"{path}.{kind}.max-segment-bytes", $"must be from 1MB to 1GB (MJPEG AVI segments stay inside AVI 1.0's 2 GiB)")
                : Sinks.MjpegVideoSink.DefaultMaxSegmentBytes;
            result.Add(new SinkSettings(kind, queue, segment, maxBytes));
        }

        return result.ToImmutable();
    }

    /// <summary>The elements of a list of <c>name</c> or <c>{ name { options } }</c> / <c>{ name = value, … }</c>.</summary>
    private static IEnumerable<(string Kind, ConfigReader? Options, string Path)> Elements(ConfigReader camera, string key)
    {
        if (!camera.Has(key))
        {
            yield break;
        }

        var value = camera.Config.GetValue(key);
        if (!value.IsArray())
        {
            throw camera.Error(key, "must be a list, e.g. [ overlay, { encode = jpeg, quality = 85 } ]");
        }

        int index = 0;
        foreach (var element in value.GetArray())
        {
            string path = $"{key}[{index++}]";
            if (!element.IsObject())
            {
                // HOCON reads a bare `null` as the null value, not the text: for `sinks = [ null ]` that is the null sink.
                yield return (element.GetString() is { Length: > 0 } name ? name : "null", null, path);
                continue;
            }

            var items = element.GetObject().Items;
            string kind = items.Keys.FirstOrDefault(k => k is "encode" || ProcessorSettings.Kinds.Contains(k) || SinkSettings.Kinds.Contains(k))
                ?? throw camera.Error(path, $"names no stage or sink ({string.Join(", ", items.Keys)})");
            yield return (kind, new ConfigReader(new Config(new HoconRoot(element)), camera.File, $"{camera.Prefix}{path}."), path);
        }
    }

    private static SyntheticFaults ReadFaults(ConfigReader camera) => !camera.Has("faults") ? SyntheticFaults.None : new SyntheticFaults
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

    /// <summary>A shorthand for an ideal constraint (<c>width = 1280</c>), absent when the key is.</summary>
    private static ConstrainDouble? Positive(ConfigReader camera, string key) =>
        camera.Has(key) ? camera.Number(key, double.Epsilon, 1e6) : null;

    private static string ReadReference()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Capture.Pipeline.reference.conf")
            ?? throw new InvalidOperationException("reference.conf is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
