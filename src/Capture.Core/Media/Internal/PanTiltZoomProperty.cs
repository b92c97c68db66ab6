namespace Capture.Core.Media.Internal;

/// <summary>pan, tilt and zoom: a number constraint or a boolean asking whether the capability exists (mediacapture-image §2.10).</summary>
internal sealed class PanTiltZoomProperty(
    string name,
    Func<MediaTrackConstraintSet, ConstrainDoubleOrBoolean?> constraint,
    Func<MediaTrackCapabilities, MediaSettingsRange?> capability,
    Func<MediaTrackSettings, double?> setting,
    Func<MediaTrackSettings, double?, MediaTrackSettings> withSetting)
    : NumberProperty(name, set => constraint(set)?.Double, capability, setting, withSetting)
{
    private readonly Func<MediaTrackSettings, double?> _setting = setting;

    public override bool IsConstrained(MediaTrackConstraintSet set) => constraint(set) is { IsEmpty: false };

    public override bool Check(MediaTrackConstraintSet set, PropertySlot? slot, bool basic)
    {
        if (constraint(set)?.Boolean is { } wanted)
        {
            // In the basic set a boolean is only a preference; in an advanced set it reads as
            // "the capability must (not) exist", as Chromium does.
            return basic || wanted == (slot is not null);
        }

        return base.Check(set, slot, basic);
    }

    public override double FitnessDistance(MediaTrackConstraintSet set, MediaTrackSettings settings)
    {
        if (constraint(set)?.Boolean is { } wanted)
        {
            return wanted == (_setting(settings) is not null) ? 0 : 1;
        }

        return base.FitnessDistance(set, settings);
    }
}
