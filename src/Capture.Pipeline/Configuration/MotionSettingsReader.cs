using System.Collections.Immutable;
using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Capture.Core.Media;
using Capture.Pipeline.Stages.Motion;

namespace Capture.Pipeline.Configuration;

/// <summary>Reads a camera's <c>motion</c> block: the detector's options over <c>capture.motion-defaults</c>, its zones and masks as polygons.</summary>
/// <remarks>
/// <c>motion = on</c> takes every default; a block sets any of them. A polygon is a flat list of x, y pairs in 0–1
/// (<c>zones { door = [0.1,0.2, 0.4,0.2, 0.4,0.9, 0.1,0.9] }</c>, <c>masks = [ [0,0, 1,0, 1,0.08, 0,0.08] ]</c>).
/// </remarks>
internal static class MotionSettingsReader
{
    private static readonly string[] s_keys = ["frame-rate", "sensitivity", "min-area", "min-duration", "end-after", "zones", "masks"];

    public static MotionSettings? Read(ConfigReader camera, Config defaults)
    {
        if (!camera.Has("motion"))
        {
            return null;
        }

        var value = camera.Config.GetValue("motion");
        if (!value.IsObject())
        {
            return value.GetString() switch
            {
                "on" or "true" or "yes" => Read(new ConfigReader(defaults.GetConfig("motion-defaults"), camera.File, $"{camera.Prefix}motion.")),
                "off" or "false" or "no" => null,
                var other => throw camera.Error("motion", $"must be on, off or a block of options, got '{other}'"),
            };
        }

        KnownKeys.Check(camera, "motion", value.GetObject().Items.Keys, s_keys);
        return Read(camera.Section("motion", $"{camera.Prefix}motion").WithFallback(defaults.GetConfig("motion-defaults")));
    }

    private static MotionSettings Read(ConfigReader motion)
    {
        var zones = ImmutableArray.CreateBuilder<MotionZone>();
        if (motion.Has("zones"))
        {
            var block = motion.Config.GetValue("zones");
            if (!block.IsObject())
            {
                throw motion.Error("zones", "must be a block of named polygons: zones { door = [x1,y1, x2,y2, x3,y3] }");
            }

            foreach (var (name, polygon) in block.GetObject().Items)
            {
                if (!CameraId.IsValid(name))
                {
                    throw motion.Error($"zones.{name}", "a zone's name is 1-64 letters, digits, '-' or '_', starting with a letter or digit");
                }

                zones.Add(new MotionZone(name, Polygon(motion, $"zones.{name}", polygon)));
            }
        }

        var masks = ImmutableArray.CreateBuilder<MotionZone>();
        if (motion.Has("masks"))
        {
            var list = motion.Config.GetValue("masks");
            if (!list.IsArray())
            {
                throw motion.Error("masks", "must be a list of polygons: masks = [ [x1,y1, x2,y2, x3,y3] ]");
            }

            foreach (var (polygon, i) in list.GetArray().Select((p, i) => (p, i)))
            {
                masks.Add(new MotionZone($"mask-{i}", Polygon(motion, $"masks[{i}]", polygon)));
            }
        }

        return new MotionSettings(
            motion.Number("frame-rate", 0.1, 60),
            motion.Number("sensitivity", 0, 1),
            motion.Number("min-area", 0, 1),
            motion.Duration("min-duration", allowZero: true),
            motion.Duration("end-after"),
            zones.ToImmutable(),
            masks.ToImmutable());
    }

    private static ImmutableArray<Point2D> Polygon(ConfigReader motion, string path, HoconValue value)
    {
        var numbers = value.IsArray() ? value.GetArray() : [];
        if (numbers.Count < 6 || numbers.Count % 2 != 0)
        {
            throw motion.Error(path, "must be a polygon: at least three x, y pairs in one flat list, e.g. [0.1,0.2, 0.4,0.2, 0.4,0.9]");
        }

        var points = ImmutableArray.CreateBuilder<Point2D>(numbers.Count / 2);
        for (int i = 0; i < numbers.Count; i += 2)
        {
            points.Add(new Point2D(Coordinate(motion, $"{path}[{i}]", numbers[i]), Coordinate(motion, $"{path}[{i + 1}]", numbers[i + 1])));
        }

        return points.MoveToImmutable();
    }

    private static double Coordinate(ConfigReader motion, string path, HoconValue value)
    {
        string? raw = value.IsString() ? value.GetString() : null;
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x is >= 0 and <= 1
            ? x
            : throw motion.Error(path, $"must be a coordinate in [0, 1] (a share of the view), got '{raw}'");
    }
}
