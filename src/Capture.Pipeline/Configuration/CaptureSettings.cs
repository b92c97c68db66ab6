using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
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
                reader.Duration("capture.health.check-interval")),
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

            result.Add(ReadCamera(reader.Section($"{Root}.\"{id}\"", path), new CameraId(id), block.ToString(), baseDirectory));
        }

        return result.ToImmutable();
    }

    private static CameraSettings ReadCamera(ConfigReader camera, CameraId id, string fingerprint, string baseDirectory)
    {
        string source = camera.Text("source") ?? CameraSources.Synthetic;
        if (!CameraSources.All.Contains(source))
        {
            throw camera.Error("source", $"unknown source '{source}'; known: {string.Join(", ", CameraSources.All)}");
        }

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

        return new CameraSettings
        {
            Id = id,
            Source = source,
            Label = camera.Text("label") ?? id.Value,
            Constraints = constraints,
            Profile = profile,
            StallTimeout = camera.OptionalDuration("stall-timeout"),
            Faults = ReadFaults(camera),
            Fingerprint = fingerprint,
        };
    }

    private static SyntheticFaults ReadFaults(ConfigReader camera) => !camera.Has("faults") ? SyntheticFaults.None : new SyntheticFaults
    {
        DisconnectAfterFrames = camera.OptionalInteger("faults.disconnect-after-frames", 0),
        StallAfterFrames = camera.OptionalInteger("faults.stall-after-frames", 0),
        StallDuration = camera.OptionalDuration("faults.stall-duration") ?? SyntheticFaults.None.StallDuration,
        CorruptEveryNthFrame = camera.OptionalInteger("faults.corrupt-every-nth-frame", 1),
        FailPhotos = camera.OptionalInteger("faults.fail-photos", 0) ?? 0,
        FailOpens = camera.OptionalInteger("faults.fail-opens", 0) ?? 0,
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
