using System.Text.Json;
using System.Text.Json.Serialization;
using Capture.Core.Media;

namespace Capture.Core.Json;

/// <summary>Reads and writes <c>(boolean or MediaTrackConstraints)</c>.</summary>
internal sealed class TrackRequestConverter : JsonConverter<TrackRequest>
{
    public override TrackRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType is JsonTokenType.True or JsonTokenType.False
            ? reader.GetBoolean()
            : JsonSerializer.Deserialize<MediaTrackConstraints>(ref reader, options) ?? throw new JsonException("Track constraints cannot be null.");

    public override void Write(Utf8JsonWriter writer, TrackRequest value, JsonSerializerOptions options)
    {
        if (value.Constraints is { } constraints)
        {
            JsonSerializer.Serialize(writer, constraints, options);
        }
        else
        {
            writer.WriteBooleanValue(value.Requested);
        }
    }
}
