using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Configuration;

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

    /// <summary>Where metrics go besides /metrics.</summary>
    public MetricsSettings Metrics { get; init; } = MetricsSettings.Default;

    /// <summary>Where motion events are stored and delivered.</summary>
    public required EventSettings Events { get; init; }

    /// <summary>Whether this service is one node of a rig of several.</summary>
    public ClusterSettings Cluster { get; init; } = ClusterSettings.Off;

    /// <summary>Where each camera's desired state is kept across restarts.</summary>
    public required StateSettings State { get; init; }

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
        try
        {
            return Read(config, file);
        }
        catch (Exception e) when (e is not CaptureConfigurationException)
        {
            // A value the checks did not foresee must still stop start-up (or a reload) with the file's name, never crash the service.
            throw new CaptureConfigurationException("capture", $"could not be read: {e.Message}", file, e);
        }
    }

    private static CaptureSettings Read(Config config, string? file)
    {
        var reader = new ConfigReader(config.WithFallback(DefaultConfig), file);
        RefuseUnknownKeys(reader, "capture");
        string baseDirectory = reader.Text("capture.base-directory") is { Length: > 0 } configured
            ? configured
            : (file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(file)!);
        string recordingPath = Path.GetFullPath(reader.Text("capture.recording.path") ?? "recordings", baseDirectory);
        return new CaptureSettings
        {
            Cameras = CameraSettingsReader.Read(reader, baseDirectory),
            Cluster = ClusterSettings.Read(reader),
            Events = EventSettings.Read(reader, recordingPath),
            HotReload = reader.Flag("capture.hot-reload"),
            State = StateSettings.Read(reader, recordingPath),
            Recording = new RecordingSettings(
                recordingPath,
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
            Metrics = MetricsSettings.Read(reader),
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

        if (HoconDuplicateCameras.Find(text) is { } duplicate)
        {
            throw new CaptureConfigurationException("capture.cameras", duplicate, file);
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

    /// <summary>Every key under <paramref name="path"/> must be one reference.conf has (cameras are checked by their reader).</summary>
    private static void RefuseUnknownKeys(ConfigReader reader, string path, string? shown = null)
    {
        if (reader.Config.GetValue(path) is not { } value || !value.IsObject() || DefaultConfig.GetValue(path) is not { } known || !known.IsObject())
        {
            return;
        }

        var knownKeys = known.GetObject().Items;
        KnownKeys.Check(reader, shown ?? path, value.GetObject().Items.Keys, knownKeys.Keys);
        foreach (var (key, defaultValue) in knownKeys)
        {
            if (defaultValue.IsObject() && $"{shown ?? path}.{key}" != "capture.cameras")
            {
                RefuseUnknownKeys(reader, $"{path}.\"{key}\"", $"{shown ?? path}.{key}");
            }
        }
    }

    private static string ReadReference()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Capture.Pipeline.reference.conf")
            ?? throw new InvalidOperationException("reference.conf is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
