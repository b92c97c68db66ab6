using System.Collections.Immutable;
using System.Text.Json;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <see cref="ConstrainPoint2D"/>: an array of points, or <c>{exact, ideal}</c> arrays.</summary>
internal sealed class ConstrainPoint2DConverter : ExactIdealConverter<ConstrainPoint2D, ImmutableArray<Point2D>>
{
    protected override ImmutableArray<Point2D> ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.StartArray
            ? JsonSerializer.Deserialize<ImmutableArray<Point2D>>(ref reader, options)
            : throw new JsonException($"Expected an array of points, found {reader.TokenType}.");

    protected override void WriteValue(Utf8JsonWriter writer, ImmutableArray<Point2D> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);

    protected override ConstrainPoint2D Create(Part bare, Part exact, Part ideal) =>
        new() { Value = bare.Has ? bare.Value : null, Exact = exact.Has ? exact.Value : null, Ideal = ideal.Has ? ideal.Value : null };

    protected override (Part Bare, Part Exact, Part Ideal) Split(ConstrainPoint2D c) =>
        (Part.Of(c.Value ?? default, c.Value.HasValue), Part.Of(c.Exact ?? default, c.Exact.HasValue), Part.Of(c.Ideal ?? default, c.Ideal.HasValue));
}
