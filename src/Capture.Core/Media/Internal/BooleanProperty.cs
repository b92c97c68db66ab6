using System.Collections.Immutable;

namespace Capture.Core.Media.Internal;

/// <summary>A boolean property with a <c>sequence&lt;boolean&gt;</c> capability (torch, backgroundBlur).</summary>
internal sealed class BooleanProperty(
    string name,
    Func<MediaTrackConstraintSet, ConstrainBoolean?> constraint,
    Func<MediaTrackCapabilities, ImmutableArray<bool>?> capability,
    Func<MediaTrackSettings, bool?> setting,
    Func<MediaTrackSettings, bool?, MediaTrackSettings> withSetting)
    : ConstrainableProperty(name)
{
    public override bool IsConstrained(MediaTrackConstraintSet set) => constraint(set) is { IsEmpty: false };

    public override bool HasRequiredPart(MediaTrackConstraintSet set) => constraint(set)?.Exact is not null;

    public override PropertySlot? CreateSlot(MediaTrackCapabilities capabilities, MediaTrackSettings current, bool supportsPointsOfInterest)
    {
        if (capability(capabilities) is not { IsDefaultOrEmpty: false } allowed)
        {
            return null;
        }

        bool value = setting(current) is { } v && allowed.Contains(v) ? v : allowed[0];
        return new BooleanSlot(allowed, value);
    }

    public override bool Check(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        var c = constraint(set);
        if ((c?.Exact ?? (basic ? null : c?.Value)) is not { } exact)
        {
            return true;
        }

        return slot is BooleanSlot s && s.Allowed.Contains(exact);
    }

    public override void Apply(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        if (slot is not BooleanSlot s || constraint(set) is not { } c)
        {
            return;
        }

        if ((c.Exact ?? (basic ? null : c.Value)) is { } exact)
        {
            s.Allowed = [exact];
            s.Value = exact;
        }
        else if (basic && (c.Ideal ?? c.Value) is { } ideal && s.Allowed.Contains(ideal))
        {
            s.Value = ideal;
        }
    }

    public override MediaTrackSettings Write(PropertySlot slot, MediaTrackSettings settings) => withSetting(settings, ((BooleanSlot)slot).Value);

    public override MediaTrackSettings Clear(MediaTrackSettings settings) => withSetting(settings, null);

    public override double FitnessDistance(MediaTrackConstraintSet set, MediaTrackSettings settings)
    {
        if (constraint(set) is not { IsEmpty: false } c)
        {
            return 0;
        }

        bool? actual = setting(settings);
        if (c.Exact is { } exact && actual != exact)
        {
            return double.PositiveInfinity;
        }

        if (actual is null)
        {
            return 1;
        }

        return (c.Ideal ?? c.Value) is { } ideal && ideal != actual ? 1 : 0;
    }
}

/// <summary>The effective values and value of a boolean property.</summary>
internal sealed class BooleanSlot(ImmutableArray<bool> allowed, bool value) : PropertySlot
{
    public ImmutableArray<bool> Allowed { get; set; } = allowed;

    public bool Value { get; set; } = value;
}
