using System.Text.Json.Serialization;
using Capture.Core.Json;

namespace Capture.Core.Media;

/// <summary>A constraint on a string property: a bare string or list, or exact/ideal (W3C <c>ConstrainDOMString</c>).</summary>
/// <remarks>
/// Mode values (<c>"manual"</c>, <c>"continuous"</c>…) are plain strings, not an enum: an unknown string is a value
/// no device supports, never an argument error.
/// </remarks>
[JsonConverter(typeof(ConstrainStringConverter))]
public sealed record ConstrainString
{
    /// <summary>The bare value (<c>{ focusMode: "manual" }</c>).</summary>
    public StringList? Value { get; init; }

    /// <summary>The value must be one of these.</summary>
    public StringList? Exact { get; init; }

    /// <summary>The value wanted: the first supported member wins.</summary>
    public StringList? Ideal { get; init; }

    /// <summary>True when nothing is constrained (<c>{}</c>, <c>[]</c> or a dictionary of empty lists).</summary>
    [JsonIgnore]
    public bool IsEmpty => (Value is null || Value.Count == 0) && (Exact is null || Exact.Count == 0) && (Ideal is null || Ideal.Count == 0);

    /// <summary>A bare string.</summary>
    public static implicit operator ConstrainString(string value) => new() { Value = value };

    /// <summary>A bare list of strings.</summary>
    public static implicit operator ConstrainString(string[] values) => new() { Value = values };

    /// <summary>A bare string.</summary>
    public static ConstrainString FromString(string value) => value;
}
