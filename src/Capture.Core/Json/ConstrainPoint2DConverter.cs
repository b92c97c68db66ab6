using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <see cref="ConstrainPoint2D"/>: an array of points, or <c>{exact, ideal}</c> arrays.</summary>
internal sealed class ConstrainPoint2DConverter : JsonConverter<ConstrainPoint2D>
{
    public override ConstrainPoint2D Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return new ConstrainPoint2D { Value = Points(ref reader, options) };
        }

        var result = new ConstrainPoint2D();
        JsonMembers.Read(ref reader, "ConstrainPoint2D", (ref Utf8JsonReader r, string name) =>
        {
            switch (name)
            {
                case "exact":
                    result = result with { Exact = Points(ref r, options) };
                    break;
                case "ideal":
                    result = result with { Ideal = Points(ref r, options) };
                    break;
                default:
                    r.Skip();
                    break;
            }
        });
        return result;
    }

    public override void Write(Utf8JsonWriter writer, ConstrainPoint2D value, JsonSerializerOptions options)
    {
        if (value.Value is { } bare && value is { Exact: null, Ideal: null })
        {
            JsonSerializer.Serialize(writer, bare, options);
            return;
        }

        writer.WriteStartObject();
        if (value.Exact is { } exact)
        {
            writer.WritePropertyName("exact");
            JsonSerializer.Serialize(writer, exact, options);
        }

        if ((value.Ideal ?? value.Value) is { } ideal)
        {
            writer.WritePropertyName("ideal");
            JsonSerializer.Serialize(writer, ideal, options);
        }

        writer.WriteEndObject();
    }

    private static ImmutableArray<Point2D> Points(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<ImmutableArray<Point2D>>(ref reader, options);
}
