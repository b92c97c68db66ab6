using System.Text.Json;
using System.Text.Json.Serialization;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <see cref="ConstrainBoolean"/> as a bare boolean or <c>{exact, ideal}</c>.</summary>
internal sealed class ConstrainBooleanConverter : JsonConverter<ConstrainBoolean>
{
    public override ConstrainBoolean Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            return reader.GetBoolean();
        }

        var result = new ConstrainBoolean();
        JsonMembers.Read(ref reader, "ConstrainBoolean", (ref Utf8JsonReader r, string name) =>
        {
            switch (name)
            {
                case "exact":
                    result = result with { Exact = JsonMembers.Boolean(ref r, name) };
                    break;
                case "ideal":
                    result = result with { Ideal = JsonMembers.Boolean(ref r, name) };
                    break;
                default:
                    r.Skip();
                    break;
            }
        });
        return result;
    }

    public override void Write(Utf8JsonWriter writer, ConstrainBoolean value, JsonSerializerOptions options)
    {
        if (value.Value is { } bare && value is { Exact: null, Ideal: null })
        {
            writer.WriteBooleanValue(bare);
            return;
        }

        writer.WriteStartObject();
        if (value.Exact is { } exact)
        {
            writer.WriteBoolean("exact", exact);
        }

        if ((value.Ideal ?? value.Value) is { } ideal)
        {
            writer.WriteBoolean("ideal", ideal);
        }

        writer.WriteEndObject();
    }
}
