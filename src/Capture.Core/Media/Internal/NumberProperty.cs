namespace Capture.Core.Media.Internal;

/// <summary>A numeric property with a <see cref="MediaSettingsRange"/> capability (zoom, exposureTime, width…).</summary>
internal class NumberProperty(
    string name,
    Func<MediaTrackConstraintSet, ConstrainDouble?> constraint,
    Func<MediaTrackCapabilities, MediaSettingsRange?> capability,
    Func<MediaTrackSettings, double?> setting,
    Func<MediaTrackSettings, double?, MediaTrackSettings> withSetting)
    : ConstrainableProperty(name)
{
    // Doubles from JSON and arithmetic are compared with a tolerance, as the reference implementations do.
    private const double Epsilon = 1e-9;

    public override bool IsConstrained(MediaTrackConstraintSet set) => NumberOf(set) is { IsEmpty: false };

    public override bool HasRequiredPart(MediaTrackConstraintSet set) => NumberOf(set) is { } c && (c.Exact ?? c.Min ?? c.Max) is not null;

    public override void Validate(MediaTrackConstraintSet set) => NumberOf(set)?.Validate(Name);

    public override PropertySlot? CreateSlot(MediaTrackCapabilities capabilities, MediaTrackSettings current, bool supportsPointsOfInterest)
    {
        // An empty range {} only hints that hardware exists; nothing can be set through it.
        if (capability(capabilities) is not { Min: { } min, Max: { } max } range)
        {
            return null;
        }

        return new NumberSlot(min, max, range.Step is > 0 ? range.Step : null, setting(current) ?? min);
    }

    public override bool Check(MediaTrackConstraintSet set, PropertySlot? slot, bool basic) =>
        NumberOf(set) is not { } c || CheckNumber(c, (NumberSlot?)slot, basic);

    public override void Apply(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        if (NumberOf(set) is { } c && slot is NumberSlot s)
        {
            ApplyNumber(c, s, basic);
        }
    }

    public override MediaTrackSettings Write(PropertySlot slot, MediaTrackSettings settings) => withSetting(settings, ((NumberSlot)slot).Value);

    public override MediaTrackSettings Clear(MediaTrackSettings settings) => withSetting(settings, null);

    public override double FitnessDistance(MediaTrackConstraintSet set, MediaTrackSettings settings) =>
        NumberOf(set) is { IsEmpty: false } c ? NumberDistance(c, setting(settings)) : 0;

    protected virtual ConstrainDouble? NumberOf(MediaTrackConstraintSet set) => constraint(set);

    protected static bool CheckNumber(ConstrainDouble c, NumberSlot? s, bool basic)
    {
        double? exact = c.Exact ?? (basic ? null : c.Value);
        if (exact is null && c.Min is null && c.Max is null)
        {
            return true; // only an ideal: never fails
        }

        if (s is null || c.Min > c.Max)
        {
            return false;
        }

        if (exact is { } e && (e < s.Min - Epsilon || e > s.Max + Epsilon || e < c.Min - Epsilon || e > c.Max + Epsilon))
        {
            return false;
        }

        return !(c.Max < s.Min - Epsilon) && !(c.Min > s.Max + Epsilon);
    }

    protected static void ApplyNumber(ConstrainDouble c, NumberSlot s, bool basic)
    {
        double? ideal = basic ? c.Ideal ?? c.Value : null;
        if ((c.Exact ?? (basic ? null : c.Value)) is { } exact)
        {
            s.Min = s.Max = Math.Clamp(exact, s.Min, s.Max);
            s.Value = s.Snap(exact);
        }
        else if (c.Min is not null || c.Max is not null)
        {
            s.Min = Math.Max(s.Min, c.Min ?? s.Min);
            s.Max = Math.Min(s.Max, c.Max ?? s.Max);
            s.Value = s.Snap(Math.Clamp(ideal ?? s.Value, s.Min, s.Max));
        }
        else if (ideal is { } i)
        {
            s.Value = s.Snap(Math.Clamp(i, s.Min, s.Max));
        }
    }

    protected static double NumberDistance(ConstrainDouble c, double? actual)
    {
        bool required = (c.Exact ?? c.Min ?? c.Max) is not null;
        if (actual is not { } a)
        {
            return required ? double.PositiveInfinity : 1;
        }

        if ((c.Exact is { } e && Math.Abs(a - e) > Epsilon) || a < c.Min - Epsilon || a > c.Max + Epsilon)
        {
            return double.PositiveInfinity;
        }

        return (c.Ideal ?? c.Value) is { } ideal ? Distance(a, ideal) : 0;
    }
}

/// <summary>The effective range and value of a numeric property.</summary>
internal sealed class NumberSlot(double min, double max, double? step, double value) : PropertySlot
{
    private readonly double _gridOrigin = min;
    private readonly double _capabilityMax = max;

    public double Min { get; set; } = min;

    public double Max { get; set; } = max;

    public double? Step { get; } = step;

    public double Value { get; set; } = value;

    /// <summary>Moves a value onto the step grid <c>min + k·step</c>, ties up (pinned decision 2), preferring a grid point inside the effective range.</summary>
    public double Snap(double v)
    {
        if (Step is not { } step)
        {
            return v;
        }

        // Rounded before the tie-break: 1.55 / 0.1 is 15.499999999999998 in binary, and a tie must go up.
        double steps = Math.Round((v - _gridOrigin) / step, 9);
        double snapped = _gridOrigin + (Math.Floor(steps + 0.5) * step);
        if (snapped < Min && snapped + step <= Max + 1e-9)
        {
            snapped += step;
        }
        else if (snapped > Max && snapped - step >= Min - 1e-9)
        {
            snapped -= step;
        }

        return Math.Round(Math.Clamp(snapped, _gridOrigin, _capabilityMax), 10);
    }
}
