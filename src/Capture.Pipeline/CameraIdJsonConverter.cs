using System.Text.Json;
using System.Text.Json.Serialization;

namespace Capture.Pipeline;

/// <summary>Writes a <see cref="CameraId"/> as its string, and validates it when read.</summary>
internal sealed class CameraIdJsonConverter : JsonConverter<CameraId>
{
    public override CameraId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CameraId.IsValid(reader.GetString()) ? new CameraId(reader.GetString()!) : throw new JsonException($"'{reader.GetString()}' is not a valid camera id.");

    public override void Write(Utf8JsonWriter writer, CameraId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
