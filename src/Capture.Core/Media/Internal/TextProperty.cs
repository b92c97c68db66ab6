using System.Collections.Immutable;

namespace Capture.Core.Media.Internal;

/// <summary>A string property with a list capability (focusMode, facingMode, deviceId…).</summary>
internal sealed class TextProperty(
    string name,
    Func<MediaTrackConstraintSet, ConstrainString?> constraint,
    Func<MediaTrackCapabilities, IReadOnlyList<string>?> capability,
    Func<MediaTrackSettings, string?> setting,
    Func<MediaTrackSettings, string?, MediaTrackSettings> withSetting)
    : ConstrainableProperty(name)
{
    public override bool IsConstrained(MediaTrackConstraintSet set) => constraint(set) is { IsEmpty: false };

    public override bool HasRequiredPart(MediaTrackConstraintSet set) => constraint(set)?.Exact is { Count: > 0 };

    public override PropertySlot? CreateSlot(MediaTrackCapabilities capabilities, MediaTrackSettings current, bool supportsPointsOfInterest)
    {
        if (capability(capabilities) is not { Count: > 0 } allowed)
        {
            return null;
        }

        string value = setting(current) is { } v && allowed.Contains(v) ? v : allowed[0];
        return new TextSlot([.. allowed], value);
    }

    public override bool Check(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        if (Exact(constraint(set), basic) is not { } exact)
        {
            return true;
        }

        return slot is TextSlot s && exact.Any(s.Allowed.Contains);
    }

    public override void Apply(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        if (slot is not TextSlot s || constraint(set) is not { } c)
        {
            return;
        }

        if (Exact(c, basic) is { } exact)
        {
            s.Allowed = [.. s.Allowed.Where(exact.Contains)];
            if (!s.Allowed.Contains(s.Value))
            {
                s.Value = exact.First(s.Allowed.Contains);
            }
        }

        // A string ideal is taken when supported; otherwise the current value stays (spec notes §2.5).
        if (basic && NonEmpty(c.Ideal ?? c.Value) is { } ideal && ideal.FirstOrDefault(s.Allowed.Contains) is { } chosen)
        {
            s.Value = chosen;
        }
    }

    public override MediaTrackSettings Write(PropertySlot slot, MediaTrackSettings settings) => withSetting(settings, ((TextSlot)slot).Value);

    public override MediaTrackSettings Clear(MediaTrackSettings settings) => withSetting(settings, null);

    public override double FitnessDistance(MediaTrackConstraintSet set, MediaTrackSettings settings)
    {
        if (constraint(set) is not { IsEmpty: false } c)
        {
            return 0;
        }

        string? actual = setting(settings);
        if (NonEmpty(c.Exact) is { } exact && (actual is null || !exact.Contains(actual)))
        {
            return double.PositiveInfinity;
        }

        if (actual is null)
        {
            return 1;
        }

        return NonEmpty(c.Ideal ?? c.Value) is { } ideal && !ideal.Contains(actual) ? 1 : 0;
    }

    private static StringList? Exact(ConstrainString? c, bool basic) => NonEmpty(c?.Exact ?? (basic ? null : c?.Value));

    private static StringList? NonEmpty(StringList? list) => list is { Count: > 0 } ? list : null;
}

/// <summary>The effective list and value of a string property.</summary>
internal sealed class TextSlot(ImmutableArray<string> allowed, string value) : PropertySlot
{
    public ImmutableArray<string> Allowed { get; set; } = allowed;

    public string Value { get; set; } = value;
}
