using System.Text.Json.Serialization;
using Capture.Core.Json;

namespace Capture.Core.Media;

/// <summary>A constraint on pan, tilt or zoom: either a number constraint or a boolean (IDL <c>(boolean or ConstrainDouble)</c>).</summary>
/// <remarks>
/// A boolean asks for the capability's existence without changing the value (mediacapture-image §pan/tilt/zoom):
/// in the basic set it is only a preference; in an advanced set <c>true</c> needs the capability and <c>false</c> needs its absence.
/// </remarks>
[JsonConverter(typeof(ConstrainDoubleOrBooleanConverter))]
public sealed record ConstrainDoubleOrBoolean
{
    /// <summary>The boolean form, or null when a number constraint is given.</summary>
    public bool? Boolean { get; init; }

    /// <summary>The number form, or null when a boolean is given.</summary>
    public ConstrainDouble? Double { get; init; }

    /// <summary>True when neither form constrains anything.</summary>
    [JsonIgnore]
    public bool IsEmpty => Boolean is null && (Double is null || Double.IsEmpty);

    /// <summary>A bare number.</summary>
    public static implicit operator ConstrainDoubleOrBoolean(double value) => new() { Double = value };

    /// <summary>An existence preference.</summary>
    public static implicit operator ConstrainDoubleOrBoolean(bool value) => new() { Boolean = value };

    /// <summary>A number constraint.</summary>
    public static implicit operator ConstrainDoubleOrBoolean(ConstrainDouble value) => new() { Double = value };

    /// <summary>A number constraint.</summary>
    public static ConstrainDoubleOrBoolean FromConstrainDouble(ConstrainDouble value) => value;
}
