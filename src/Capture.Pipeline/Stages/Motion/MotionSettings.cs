using System.Collections.Immutable;
using Capture.Core.Media;

namespace Capture.Pipeline.Stages.Motion;

/// <summary>A camera's motion stage (<c>motion { … }</c>): how often it looks, how much change counts, where to look.</summary>
/// <param name="FrameRate">Frames a second the stage decodes and compares (every frame is still recorded).</param>
/// <param name="Sensitivity">0–1: a cell of the downscaled grey frame has changed when it differs from the background by more than (1 − sensitivity) × 100 grey levels.</param>
/// <param name="MinArea">0–1: the share of a zone's cells that must change for the zone to see motion.</param>
/// <param name="MinDuration">How long motion must last before an event starts (a flicker shorter than this is none).</param>
/// <param name="EndAfter">How long a zone must be still before its event ends.</param>
/// <param name="Zones">Named regions, each its own events; the whole view ("all") when none is configured.</param>
/// <param name="Masks">Regions never looked at (a clock, a tree, a road).</param>
public sealed record MotionSettings(double FrameRate, double Sensitivity, double MinArea, TimeSpan MinDuration, TimeSpan EndAfter, ImmutableArray<MotionZone> Zones, ImmutableArray<MotionZone> Masks)
{
    /// <summary>The zone that stands for the whole view when none is configured.</summary>
    public const string WholeView = "all";

    /// <summary>The defaults of <c>capture.motion-defaults</c>, looking at the whole view.</summary>
    public static MotionSettings Default { get; } = new(5, 0.75, 0.005, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3), [], []);

    /// <summary>The difference from the background, in grey levels, beyond which a cell has changed.</summary>
    public int Threshold => (int)Math.Round(100 * (1 - Sensitivity));
}

/// <summary>A named polygon in normalised coordinates (0–1 across and down the view, as W3C <c>pointsOfInterest</c>).</summary>
public sealed record MotionZone(string Name, ImmutableArray<Point2D> Polygon)
{
    /// <summary>The whole view.</summary>
    public static MotionZone Everywhere(string name) => new(name, [new(0, 0), new(1, 0), new(1, 1), new(0, 1)]);

    /// <inheritdoc />
    public override string ToString() => $"{Name}[{string.Join(' ', Polygon.Select(p => $"{p.X},{p.Y}"))}]";
}
