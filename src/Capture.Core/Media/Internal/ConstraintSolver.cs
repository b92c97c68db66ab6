namespace Capture.Core.Media.Internal;

/// <summary>The W3C SelectSettings algorithm over effective capabilities (spec notes §2.3–§2.6).</summary>
/// <remarks>
/// Enumerating every settings dictionary is impossible for continuous ranges; as the spec allows, this narrows an
/// effective capability per property, set by set, which gives the same result: the basic set must pass (else
/// <see cref="OverconstrainedException"/> naming the first failing property), then each advanced set is applied as
/// a whole if it can be, and skipped otherwise.
/// </remarks>
internal static class ConstraintSolver
{
    /// <summary>Chooses the settings that satisfy <paramref name="constraints"/>, starting from the current settings.</summary>
    /// <param name="constraints">The new constraints; they replace the old ones entirely.</param>
    /// <param name="capabilities">The unconstrained capabilities of the source as this track sees it.</param>
    /// <param name="current">The device's current settings; unconstrained properties keep their value.</param>
    /// <param name="supportsPointsOfInterest">Whether the source accepts points of interest.</param>
    public static SelectedSettings SelectSettings(
        MediaTrackConstraints constraints,
        MediaTrackCapabilities capabilities,
        MediaTrackSettings current,
        bool supportsPointsOfInterest)
    {
        Validate(constraints);
        var properties = ConstrainableProperties.All;
        var slots = new PropertySlot?[properties.Count];
        for (int i = 0; i < properties.Count; i++)
        {
            slots[i] = properties[i].CreateSlot(capabilities, current, supportsPointsOfInterest);
        }

        var frame = new FrameSlots(slots);
        frame.DeriveAspectRatio();
        for (int i = 0; i < properties.Count; i++)
        {
            if (properties[i].IsConstrained(constraints) && !properties[i].Check(constraints, slots[i], basic: true))
            {
                return SelectedSettings.Failed(properties[i].Name);
            }
        }

        ApplySet(constraints, slots, frame, basic: true);
        foreach (var advanced in constraints.Advanced ?? [])
        {
            frame.DeriveAspectRatio();
            if (Enumerable.Range(0, properties.Count).All(i => !properties[i].IsConstrained(advanced) || properties[i].Check(advanced, slots[i], basic: false)))
            {
                ApplySet(advanced, slots, frame, basic: false);
            }
        }

        var settings = current;
        for (int i = 0; i < properties.Count; i++)
        {
            settings = slots[i] is { } slot ? properties[i].Write(slot, settings) : properties[i].Clear(settings);
        }

        return SelectedSettings.Succeeded(settings, FitnessDistance(constraints, settings));
    }

    /// <summary>The spec's fitness distance (§2.2) of settings against a basic set, bare values as ideal.</summary>
    public static double FitnessDistance(MediaTrackConstraintSet set, MediaTrackSettings settings) =>
        ConstrainableProperties.All.Sum(p => p.FitnessDistance(set, settings));

    /// <summary>Throws an argument error (TypeError) for values WebIDL would reject, in any set.</summary>
    public static void Validate(MediaTrackConstraints constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        foreach (var set in (constraints.Advanced ?? []).Prepend(constraints))
        {
            ArgumentNullException.ThrowIfNull(set, nameof(constraints.Advanced));
            foreach (var property in ConstrainableProperties.All)
            {
                property.Validate(set);
            }
        }
    }

    private static void ApplySet(MediaTrackConstraintSet set, PropertySlot?[] slots, FrameSlots frame, bool basic)
    {
        var properties = ConstrainableProperties.All;
        double? before = frame.Ratio;
        for (int i = 0; i < properties.Count; i++)
        {
            if (properties[i].IsConstrained(set))
            {
                properties[i].Apply(set, slots[i], basic);
            }
        }

        frame.FitAspectRatio(set, before);
    }

    /// <summary>width, height and aspectRatio are one picture: aspectRatio is derived from the other two.</summary>
    private sealed class FrameSlots
    {
        private readonly NumberSlot? _width;
        private readonly NumberSlot? _height;
        private readonly NumberSlot? _aspectRatio;

        public FrameSlots(PropertySlot?[] slots)
        {
            var all = ConstrainableProperties.All;
            _width = slots[IndexOf(all, ConstrainableProperties.Width)] as NumberSlot;
            _height = slots[IndexOf(all, ConstrainableProperties.Height)] as NumberSlot;
            _aspectRatio = slots[IndexOf(all, ConstrainableProperties.AspectRatio)] as NumberSlot;
        }

        /// <summary>Narrows the aspect-ratio range to what the width and height ranges can still make.</summary>
        public void DeriveAspectRatio()
        {
            if (_width is null || _height is null || _aspectRatio is null)
            {
                return;
            }

            _aspectRatio.Min = Math.Max(_aspectRatio.Min, _width.Min / _height.Max);
            _aspectRatio.Max = Math.Min(_aspectRatio.Max, _width.Max / _height.Min);
            _aspectRatio.Value = _width.Value / _height.Value;
        }

        /// <summary>The picture's width / height now, when both exist.</summary>
        public double? Ratio => _width is null || _height is null ? null : _width.Value / _height.Value;

        /// <summary>
        /// After a set is applied, makes width/height honour an aspect ratio the set asked for; a set that constrains
        /// only one dimension keeps the ratio it found (<paramref name="before"/>), as browsers do: {width: 320} on 640×480 is 320×240.
        /// </summary>
        public void FitAspectRatio(MediaTrackConstraintSet set, double? before)
        {
            if (_width is null || _height is null || _aspectRatio is null)
            {
                return;
            }

            double current = _width.Value / _height.Value;
            bool ratioAsked = ConstrainableProperties.AspectRatio.IsConstrained(set);
            bool oneSide = ConstrainableProperties.Width.IsConstrained(set) != ConstrainableProperties.Height.IsConstrained(set);
            if ((ratioAsked || (oneSide && before is not null)) && Math.Abs((ratioAsked ? _aspectRatio.Value : before!.Value) - current) > 1e-6)
            {
                double ratio = ratioAsked ? _aspectRatio.Value : before!.Value;
                bool widthFixed = ConstrainableProperties.Width.IsConstrained(set);
                bool heightFixed = ConstrainableProperties.Height.IsConstrained(set);
                if (heightFixed && !widthFixed)
                {
                    _width.Value = _width.Snap(Math.Clamp(Math.Round(_height.Value * ratio), _width.Min, _width.Max));
                }
                else if (!heightFixed)
                {
                    _height.Value = _height.Snap(Math.Clamp(Math.Round(_width.Value / ratio), _height.Min, _height.Max));
                    if (!widthFixed && Math.Abs((_width.Value / _height.Value) - ratio) > 0.01 * ratio)
                    {
                        _width.Value = _width.Snap(Math.Clamp(Math.Round(_height.Value * ratio), _width.Min, _width.Max));
                    }
                }
            }

            _aspectRatio.Value = Math.Round(_width.Value / _height.Value, 10);
        }

        private static int IndexOf(IReadOnlyList<ConstrainableProperty> all, ConstrainableProperty property)
        {
            for (int i = 0; i < all.Count; i++)
            {
                if (ReferenceEquals(all[i], property))
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"{property.Name} is not in the property table.");
        }
    }
}

/// <summary>The outcome of <see cref="ConstraintSolver.SelectSettings"/>.</summary>
/// <param name="Settings">The chosen settings; null when the basic set cannot be satisfied.</param>
/// <param name="FailedConstraint">The first required constraint that cannot be met, when it failed.</param>
/// <param name="Distance">The basic set's fitness distance to <paramref name="Settings"/> (used to rank devices).</param>
internal sealed record SelectedSettings(MediaTrackSettings? Settings, string? FailedConstraint, double Distance)
{
    public static SelectedSettings Failed(string constraint) => new(null, constraint, double.PositiveInfinity);

    public static SelectedSettings Succeeded(MediaTrackSettings settings, double distance) => new(settings, null, distance);
}
