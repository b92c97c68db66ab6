namespace Capture.Core.Media;

/// <summary>The range of values a numeric capability can take (W3C <c>MediaSettingsRange</c>).</summary>
/// <remarks>Every member may be absent: an empty range <c>{}</c> only says the hardware has the feature.</remarks>
public sealed record MediaSettingsRange
{
    /// <summary>Creates an empty range.</summary>
    public MediaSettingsRange()
    {
    }

    /// <summary>Creates a range with the given bounds and optional step.</summary>
    public MediaSettingsRange(double min, double max, double? step = null)
    {
        Min = min;
        Max = max;
        Step = step;
    }

    /// <summary>The largest supported value.</summary>
    public double? Max { get; init; }

    /// <summary>The smallest supported value.</summary>
    public double? Min { get; init; }

    /// <summary>The smallest difference between consecutive supported values, when there is one.</summary>
    public double? Step { get; init; }
}
