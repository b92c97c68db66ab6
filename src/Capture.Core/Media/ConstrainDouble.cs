using System.Text.Json.Serialization;
using Capture.Core.Json;

namespace Capture.Core.Media;

/// <summary>A constraint on a numeric property: a bare value, or any of min, max, exact and ideal (W3C <c>ConstrainDouble</c>).</summary>
/// <remarks>
/// A bare value counts as <c>ideal</c> in the basic set and as <c>exact</c> inside an advanced set; it is kept
/// apart from <see cref="Ideal"/> so that <c>GetConstraints()</c> returns exactly what was applied.
/// </remarks>
[JsonConverter(typeof(ConstrainDoubleConverter))]
public sealed record ConstrainDouble
{
    /// <summary>The bare value (<c>{ zoom: 2 }</c>).</summary>
    public double? Value { get; init; }

    /// <summary>The value must be exactly this.</summary>
    public double? Exact { get; init; }

    /// <summary>The value wanted, when it can be had.</summary>
    public double? Ideal { get; init; }

    /// <summary>The value must be at least this.</summary>
    public double? Min { get; init; }

    /// <summary>The value must be at most this.</summary>
    public double? Max { get; init; }

    /// <summary>True when nothing is constrained (<c>{}</c>), which the spec treats as no constraint.</summary>
    [JsonIgnore]
    public bool IsEmpty => Value is null && Exact is null && Ideal is null && Min is null && Max is null;

    /// <summary>A bare value, as in <c>{ zoom: 2 }</c>.</summary>
    public static implicit operator ConstrainDouble(double value) => new() { Value = value };

    /// <summary>A bare value, as in <c>{ zoom: 2 }</c>.</summary>
    public static ConstrainDouble FromDouble(double value) => value;

    internal void Validate(string name)
    {
        Check(Value);
        Check(Exact);
        Check(Ideal);
        Check(Min);
        Check(Max);

        void Check(double? v)
        {
            if (v is { } d && !double.IsFinite(d))
            {
                // WebIDL 'double' is restricted: NaN and infinities are a TypeError.
                throw new ArgumentException($"The value of '{name}' is not a finite number.", name);
            }
        }
    }
}
