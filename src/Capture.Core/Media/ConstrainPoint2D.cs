using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Capture.Core.Json;

namespace Capture.Core.Media;

/// <summary>A constraint on the points of interest (W3C <c>ConstrainPoint2D</c>).</summary>
[JsonConverter(typeof(ConstrainPoint2DConverter))]
public sealed record ConstrainPoint2D
{
    /// <summary>The bare list of points.</summary>
    public ImmutableArray<Point2D>? Value { get; init; }

    /// <summary>The points must be exactly these.</summary>
    public ImmutableArray<Point2D>? Exact { get; init; }

    /// <summary>The points wanted.</summary>
    public ImmutableArray<Point2D>? Ideal { get; init; }

    /// <summary>True when nothing is constrained (<c>[]</c> or <c>{exact: []}</c>).</summary>
    [JsonIgnore]
    public bool IsEmpty => (Value is null || Value.Value.IsEmpty) && (Exact is null || Exact.Value.IsEmpty) && (Ideal is null || Ideal.Value.IsEmpty);

    /// <summary>A bare list of points.</summary>
    public static implicit operator ConstrainPoint2D(Point2D[] points) => new() { Value = [.. points] };

    /// <summary>A bare list of points.</summary>
    public static ConstrainPoint2D FromPoints(IEnumerable<Point2D> points) => new() { Value = [.. points] };
}
