using System.Collections.Immutable;

namespace Capture.Core.Media.Internal;

/// <summary>pointsOfInterest: no capability member; applying it always sets the points, clamped to [0,1].</summary>
internal sealed class PointsOfInterestProperty() : ConstrainableProperty("pointsOfInterest")
{
    public override bool IsConstrained(MediaTrackConstraintSet set) => set.PointsOfInterest is { IsEmpty: false };

    public override bool HasRequiredPart(MediaTrackConstraintSet set) => set.PointsOfInterest?.Exact is { IsEmpty: false };

    public override PropertySlot? CreateSlot(MediaTrackCapabilities capabilities, MediaTrackSettings current, bool supportsPointsOfInterest) =>
        supportsPointsOfInterest ? new PointsSlot(current.PointsOfInterest ?? []) : null;

    public override void Validate(MediaTrackConstraintSet set)
    {
        var c = set.PointsOfInterest;
        foreach (var p in (c?.Value ?? []).Concat(c?.Exact ?? []).Concat(c?.Ideal ?? []))
        {
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
            {
                throw new ArgumentException("A point of interest is not a finite number.", Name);
            }
        }
    }

    public override bool Check(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        if (Exact(set.PointsOfInterest, basic) is not { } exact)
        {
            return true;
        }

        // Any points can be set; an exact value can only clash with an earlier exact value in the same call.
        return slot is PointsSlot s && (s.Exact is not { } earlier || earlier.SequenceEqual(Clamp(exact)));
    }

    public override void Apply(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        if (slot is not PointsSlot s || set.PointsOfInterest is not { } c)
        {
            return;
        }

        if (Exact(c, basic) is { } exact)
        {
            s.Exact = s.Value = Clamp(exact);
        }
        else if (basic && (c.Ideal ?? c.Value) is { IsEmpty: false } ideal)
        {
            s.Value = Clamp(ideal);
        }
    }

    public override MediaTrackSettings Write(PropertySlot slot, MediaTrackSettings settings) => settings with { PointsOfInterest = ((PointsSlot)slot).Value };

    public override MediaTrackSettings Clear(MediaTrackSettings settings) => settings with { PointsOfInterest = null };

    public override double FitnessDistance(MediaTrackConstraintSet set, MediaTrackSettings settings)
    {
        if (set.PointsOfInterest is not { IsEmpty: false } c)
        {
            return 0;
        }

        if (settings.PointsOfInterest is not { } actual)
        {
            return c.Exact is { IsEmpty: false } ? double.PositiveInfinity : 1;
        }

        return (c.Ideal ?? c.Value) is { IsEmpty: false } ideal && !actual.SequenceEqual(Clamp(ideal)) ? 1 : 0;
    }

    private static ImmutableArray<Point2D>? Exact(ConstrainPoint2D? c, bool basic) =>
        (c?.Exact ?? (basic ? null : c?.Value)) is { IsEmpty: false } exact ? exact : null;

    private static ImmutableArray<Point2D> Clamp(ImmutableArray<Point2D> points) => [.. points.Select(p => p.Clamped())];
}

/// <summary>The points chosen so far in one call.</summary>
internal sealed class PointsSlot(ImmutableArray<Point2D> value) : PropertySlot
{
    public ImmutableArray<Point2D> Value { get; set; } = value;

    public ImmutableArray<Point2D>? Exact { get; set; }
}
