using System.Collections.Immutable;
using System.Threading.Channels;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Capture.Core.Frames;
using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Configuration;

/// <summary>Reads a camera's <c>pipeline</c> and <c>sinks</c> lists into typed settings: one row per kind, its keys and how to read them.</summary>
/// <remarks>
/// An element is a bare name (<c>overlay</c>), a name with options (<c>{ resize { width = 640, height = 360 } }</c>) or
/// a name with a value and options beside it (<c>{ encode = png, quality = 90 }</c>). Options fall back to
/// <c>capture.stage-defaults.{kind}</c> / <c>capture.sink-defaults</c> in reference.conf, the only home of their defaults.
/// </remarks>
internal static class PipelineSettingsReader
{
    private static readonly Dictionary<string, Row<StageSettings>> s_stages = new()
    {
        ["decode"] = new(["frame-rate"], (o, _) => new DecodeStageSettings(o.Has("frame-rate") ? o.Number("frame-rate", 0.01, 1000) : null)),
        ["overlay"] = new([], (_, _) => new OverlayStageSettings()),
        ["resize"] = new(["width", "height"], (o, _) => new ResizeStageSettings(o.Integer("width", 1, 16384), o.Integer("height", 1, 16384))),
        ["crop"] = new(["x", "y", "width", "height"], (o, _) => new CropStageSettings(o.Integer("x", 0, 16384), o.Integer("y", 0, 16384), o.Integer("width", 1, 16384), o.Integer("height", 1, 16384))),
        ["convert"] = new([], (o, value) => new ConvertStageSettings(Format(o, "convert", value, ("bgra", VideoPixelFormat.Bgra32), ("rgba", VideoPixelFormat.Rgba32)))),
        ["encode"] = new(["quality"], (o, value) => new EncodeStageSettings(Format(o, "encode", value ?? o.Text("format"), ("jpeg", VideoPixelFormat.Jpeg), ("png", VideoPixelFormat.Png), ("qoi", VideoPixelFormat.Qoi)), o.Integer("quality", 1, 100))),
    };

    private static readonly Dictionary<string, Row<SinkSettings>> s_sinks = new()
    {
        ["images"] = new(["queue"], (o, _) => new ImagesSinkSettings(Queue(o))),
        ["video"] = new(["queue", "segment", "max-segment-bytes", "mode", "pre-roll", "post-roll"], (o, _) => new VideoSinkSettings(Queue(o), o.Duration("segment"), SegmentBytes(o), Clips(o))),
        ["null"] = new(["queue"], (o, _) => new NullSinkSettings(Queue(o))),
    };

    public static ImmutableArray<StageSettings> Stages(ConfigReader camera, Config defaults)
    {
        var stages = Read(camera, "pipeline", s_stages, kind => defaults.GetConfig($"stage-defaults.{kind}"));

        // Pixels exist only after the decode stage: one placed after a pixel stage could never feed it.
        int decode = stages.FindIndex(s => s is DecodeStageSettings);
        int pixels = stages.FindIndex(s => s.NeedsPixels);
        if (decode >= 0 && pixels >= 0 && decode > pixels)
        {
            throw camera.Error($"pipeline[{decode}]", $"decode must come before pipeline[{pixels}], the first stage that needs pixels");
        }

        if (stages.FindLastIndex(s => s is DecodeStageSettings) is var last && last != decode)
        {
            throw camera.Error($"pipeline[{last}]", "a pipeline decodes once");
        }

        return [.. stages];
    }

    public static ImmutableArray<SinkSettings> Sinks(ConfigReader camera, Config defaults) =>
        [.. Read(camera, "sinks", s_sinks, kind => defaults.GetConfig($"sink-defaults.{kind}").WithFallback(defaults.GetConfig("sink-defaults.all")))];

    private static List<T> Read<T>(ConfigReader camera, string key, Dictionary<string, Row<T>> table, Func<string, Config> defaults)
    {
        var result = new List<T>();
        if (!camera.Has(key))
        {
            return result;
        }

        var list = camera.Config.GetValue(key);
        if (!list.IsArray())
        {
            throw camera.Error(key, $"must be a list, e.g. [ {string.Join(", ", table.Keys)} ]");
        }

        int index = 0;
        foreach (var element in list.GetArray())
        {
            string path = $"{key}[{index++}]";
            var (kind, value, options, inBlock) = Parse(element, table);
            if (!table.TryGetValue(kind, out var row))
            {
                throw camera.Error(path, $"unknown {(key == "sinks" ? "sink" : "stage")} '{kind}'{KnownKeys.Hint(kind, table.Keys)}");
            }

            var reader = new ConfigReader(options.WithFallback(defaults(kind)), camera.File, $"{camera.Prefix}{path}.{(inBlock ? kind + "." : string.Empty)}");
            KnownKeys.Check(reader, string.Empty, options.Root.GetObject().Items.Keys, value is null ? row!.Keys : [.. row!.Keys, kind]);
            result.Add(row.Read(reader, value));
        }

        return result;
    }

    /// <summary>The element's kind, the value written with it (<c>encode = png</c>), and its options: the kind's block, or the element itself.</summary>
    private static (string Kind, string? Value, Config Options, bool InBlock) Parse<T>(HoconValue element, Dictionary<string, Row<T>> table)
    {
        if (!element.IsObject())
        {
            // HOCON reads a bare `null` as the null value, not the text: for `sinks = [ null ]` that is the null sink.
            return (element.IsEmpty || element.GetString() is not { Length: > 0 } name ? "null" : name, null, ConfigurationFactory.Empty, false);
        }

        var items = element.GetObject().Items;
        string kind = items.Keys.FirstOrDefault(table.ContainsKey) ?? items.Keys.First();
        var whole = new Config(new HoconRoot(element));
        return items[kind].IsObject() && items.Count == 1
            ? (kind, null, whole.GetConfig($"\"{kind}\""), true)
            : (kind, items[kind].IsObject() ? null : items[kind].GetString(), whole, false);
    }

    private static VideoPixelFormat Format(ConfigReader options, string key, string? value, params (string Name, VideoPixelFormat Format)[] formats) =>
        formats.FirstOrDefault(f => f.Name == value) is { Name: not null } found
            ? found.Format
            : throw options.Error(key, $"must be {string.Join(" or ", formats.Select(f => f.Name))}, got '{value}'");

    private static ChannelSettings Queue(ConfigReader options)
    {
        KnownKeys.Check(options, "queue", options.Config.GetConfig("queue").Root.GetObject().Items.Keys, ["capacity", "full-mode"]);
        var mode = options.Text("queue.full-mode") switch
        {
            "wait" => BoundedChannelFullMode.Wait,
            "drop-oldest" => BoundedChannelFullMode.DropOldest,
            "drop-newest" => BoundedChannelFullMode.DropNewest,
            var other => throw options.Error("queue.full-mode", $"must be wait, drop-oldest or drop-newest, got '{other}'"),
        };
        return new ChannelSettings(options.Integer("queue.capacity", 1, 4096), mode);
    }

    private static EventClipSettings? Clips(ConfigReader options) => options.Text("mode") switch
    {
        "continuous" => null,
        "events" => new EventClipSettings(options.Duration("pre-roll", allowZero: true), options.Duration("post-roll", allowZero: true)),
        var other => throw options.Error("mode", $"must be continuous or events, got '{other}'"),
    };

    private static long SegmentBytes(ConfigReader options) =>
        options.OptionalBytes("max-segment-bytes") is { } bytes && bytes is >= 1 << 20 and <= VideoSinkSettings.MaxAviSegmentBytes
            ? bytes
            : throw options.Error("max-segment-bytes", "must be from 1MB to 1GB (MJPEG AVI segments stay inside AVI 1.0's 2 GiB)");

    /// <summary>A kind's option keys and how to read them (with the value written beside the kind, when there is one).</summary>
    private sealed record Row<T>(IReadOnlyCollection<string> Keys, Func<ConfigReader, string?, T> Read);
}
