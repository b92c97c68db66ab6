using System.Text.Json.Serialization;
using Capture.Core.Json;

namespace Capture.Core.Media;

/// <summary>A constraint on a boolean property such as torch (W3C <c>ConstrainBoolean</c>).</summary>
[JsonConverter(typeof(ConstrainBooleanConverter))]
public sealed record ConstrainBoolean
{
    /// <summary>The bare value.</summary>
    public bool? Value { get; init; }

    /// <summary>The value must be this.</summary>
    public bool? Exact { get; init; }

    /// <summary>The value wanted, when it can be had.</summary>
    public bool? Ideal { get; init; }

    /// <summary>True when nothing is constrained.</summary>
    [JsonIgnore]
    public bool IsEmpty => Value is null && Exact is null && Ideal is null;

    /// <summary>A bare value.</summary>
    public static implicit operator ConstrainBoolean(bool value) => new() { Value = value };

    /// <summary>A bare value.</summary>
    public static ConstrainBoolean FromBoolean(bool value) => value;
}
