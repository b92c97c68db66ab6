using System.Text.Json;
using System.Text.Json.Serialization;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <see cref="ConstrainDouble"/> as a bare number or <c>{min, max, exact, ideal}</c>.</summary>
internal sealed class ConstrainDoubleConverter : JsonConverter<ConstrainDouble>
{
    public override ConstrainDouble Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDouble();
        }

        var result = new ConstrainDouble();
        JsonMembers.Read(ref reader, "ConstrainDouble", (ref Utf8JsonReader r, string name) =>
        {
            result = name switch
            {
                "min" => result with { Min = JsonMembers.Number(ref r, name) },
                "max" => result with { Max = JsonMembers.Number(ref r, name) },
                "exact" => result with { Exact = JsonMembers.Number(ref r, name) },
                "ideal" => result with { Ideal = JsonMembers.Number(ref r, name) },
                _ => Skip(ref r, result),
            };
        });
        return result;
    }

    public override void Write(Utf8JsonWriter writer, ConstrainDouble value, JsonSerializerOptions options)
    {
        if (value.Value is { } bare && value is { Min: null, Max: null, Exact: null, Ideal: null })
        {
            writer.WriteNumberValue(bare);
            return;
        }

        writer.WriteStartObject();
        JsonMembers.Write(writer, "min", value.Min);
        JsonMembers.Write(writer, "max", value.Max);
        JsonMembers.Write(writer, "exact", value.Exact);
        JsonMembers.Write(writer, "ideal", value.Ideal ?? value.Value);
        writer.WriteEndObject();
    }

    private static ConstrainDouble Skip(ref Utf8JsonReader reader, ConstrainDouble result)
    {
        reader.Skip();
        return result;
    }
}
