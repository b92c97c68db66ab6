namespace Capture.Core.Media.Internal;

/// <summary>One constrainable property: how to read its constraint, capability and setting, and how to narrow it.</summary>
/// <remarks>
/// The solver walks these in a fixed order (spec notes §2.5, pinned decision 9), so the first failing property is
/// the one an <see cref="OverconstrainedException"/> names.
/// </remarks>
internal abstract class ConstrainableProperty(string name)
{
    /// <summary>The W3C member name, e.g. "zoom".</summary>
    public string Name { get; } = name;

    /// <summary>Whether an image-capture property (not allowed as a required constraint in getUserMedia).</summary>
    public bool IsImageCapture { get; init; } = true;

    /// <summary>True when the set says something about this property.</summary>
    public abstract bool IsConstrained(MediaTrackConstraintSet set);

    /// <summary>True when the set has a min, max or exact for this property (bare values count as ideal here).</summary>
    public abstract bool HasRequiredPart(MediaTrackConstraintSet set);

    /// <summary>The effective capability and current value of this property; null when the source lacks it.</summary>
    public abstract PropertySlot? CreateSlot(MediaTrackCapabilities capabilities, MediaTrackSettings current, bool supportsPointsOfInterest);

    /// <summary>Whether the set's constraint on this property can be met by the slot (required parts only).</summary>
    /// <param name="set">The constraint set being checked.</param>
    /// <param name="slot">The property's state; null when the source lacks it.</param>
    /// <param name="basic">True for the basic set, where a bare value is an ideal; false for an advanced set, where it is exact.</param>
    public abstract bool Check(MediaTrackConstraintSet set, PropertySlot? slot, bool basic);

    /// <summary>Narrows the slot and picks its value; only called after <see cref="Check"/> passed for the whole set.</summary>
    public abstract void Apply(MediaTrackConstraintSet set, PropertySlot? slot, bool basic);

    /// <summary>Writes the slot's value into the settings.</summary>
    public abstract MediaTrackSettings Write(PropertySlot slot, MediaTrackSettings settings);

    /// <summary>Removes this property's value from the settings (the source lacks it).</summary>
    public abstract MediaTrackSettings Clear(MediaTrackSettings settings);

    /// <summary>The spec's fitness distance (§2.2) of the settings against the set's constraint, bare values as ideal.</summary>
    public abstract double FitnessDistance(MediaTrackConstraintSet set, MediaTrackSettings settings);

    /// <summary>Throws an argument error (the spec's TypeError) for values WebIDL would not convert.</summary>
    public virtual void Validate(MediaTrackConstraintSet set)
    {
    }

    protected static double Distance(double actual, double ideal) =>
        actual == ideal ? 0 : Math.Abs(actual - ideal) / Math.Max(Math.Abs(actual), Math.Abs(ideal));
}

/// <summary>The mutable state of one property while the solver narrows it.</summary>
internal abstract class PropertySlot
{
}
