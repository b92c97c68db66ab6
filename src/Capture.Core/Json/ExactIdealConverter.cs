using System.Text.Json;
using System.Text.Json.Serialization;

namespace Capture.Core.Json;

/// <summary>The JSON form shared by ConstrainDOMString, ConstrainBoolean and ConstrainPoint2D: a bare value, or <c>{exact, ideal}</c>.</summary>
/// <typeparam name="TConstraint">The constraint type.</typeparam>
/// <typeparam name="TValue">The type of its bare, exact and ideal values.</typeparam>
internal abstract class ExactIdealConverter<TConstraint, TValue> : JsonConverter<TConstraint>
{
    public sealed override TConstraint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Create(Part.Of(ReadValue(ref reader, options)), default, default);
        }

        Part exact = default, ideal = default;
        JsonMembers.Read(ref reader, typeof(TConstraint).Name, (ref Utf8JsonReader r, string name) =>
        {
            switch (name)
            {
                case "exact":
                    exact = Part.Of(ReadValue(ref r, options));
                    break;
                case "ideal":
                    ideal = Part.Of(ReadValue(ref r, options));
                    break;
                default:
                    r.Skip();
                    break;
            }
        });
        return Create(default, exact, ideal);
    }

    public sealed override void Write(Utf8JsonWriter writer, TConstraint value, JsonSerializerOptions options)
    {
        var (bare, exact, ideal) = Split(value);
        if (bare.Has && !exact.Has && !ideal.Has)
        {
            WriteValue(writer, bare.Value, options);
            return;
        }

        writer.WriteStartObject();
        if (exact.Has)
        {
            writer.WritePropertyName("exact");
            WriteValue(writer, exact.Value, options);
        }

        // A bare value next to exact can only come from code; it is an ideal there.
        if ((ideal.Has ? ideal : bare) is { Has: true } wanted)
        {
            writer.WritePropertyName("ideal");
            WriteValue(writer, wanted.Value, options);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one value, refusing tokens of another type.</summary>
    protected abstract TValue ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>Writes one value.</summary>
    protected abstract void WriteValue(Utf8JsonWriter writer, TValue value, JsonSerializerOptions options);

    /// <summary>Builds the constraint from the parts present.</summary>
    protected abstract TConstraint Create(Part bare, Part exact, Part ideal);

    /// <summary>The parts of a constraint.</summary>
    protected abstract (Part Bare, Part Exact, Part Ideal) Split(TConstraint constraint);

    /// <summary>A value that may be absent, for value and reference types alike.</summary>
    protected readonly record struct Part(bool Has, TValue Value)
    {
        public static Part Of(TValue value) => new(true, value);

        public static Part Of(TValue? value, bool has) => has ? new(true, value!) : default;
    }
}
