using Capture.Core.Media;
using Microsoft.OpenApi;

namespace Capture.Host.Api;

/// <summary>
/// The W3C constraint unions as JSON Schema. Their custom JSON converters hide the shape from the schema generator,
/// which wrote empty schemas; each union is written here as the spec's IDL has it (mediacapture-streams §4.3.8,
/// image-capture §5), one row per type.
/// </summary>
internal static class ConstraintSchemas
{
    private static readonly Dictionary<Type, Func<OpenApiSchema>> s_unions = new()
    {
        [typeof(ConstrainDouble)] = () => OneOf("ConstrainDouble: a number (ideal) or a ConstrainDoubleRange.", Number(), Parameters(Number(), range: true)),
        [typeof(ConstrainDoubleOrBoolean)] = () => OneOf("(boolean or ConstrainDouble), as pan, tilt and zoom: true asks for the control, a number or range for a value.", Boolean(), Number(), Parameters(Number(), range: true)),
        [typeof(ConstrainBoolean)] = () => OneOf("ConstrainBoolean: a boolean (ideal) or ConstrainBooleanParameters.", Boolean(), Parameters(Boolean(), range: false)),
        [typeof(ConstrainString)] = () => OneOf("ConstrainDOMString: a string or strings (ideal) or ConstrainDOMStringParameters.", String(), Strings(), Parameters(OneOf(null, String(), Strings()), range: false)),
        [typeof(ConstrainPoint2D)] = () => OneOf("ConstrainPoint2D: points in normalised [0, 1] coordinates (ideal) or ConstrainPoint2DParameters.", Points(), Parameters(Points(), range: false)),
    };

    /// <summary>Writes each union's schema over the empty component the generator made for it.</summary>
    public static void Describe(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (type, union) in s_unions)
        {
            if (document.Components.Schemas.ContainsKey(type.Name))
            {
                document.Components.Schemas[type.Name] = union();
            }
        }
    }

    private static OpenApiSchema OneOf(string? description, params IOpenApiSchema[] choices) => new() { Description = description, OneOf = [.. choices] };

    private static OpenApiSchema Number() => new() { Type = JsonSchemaType.Number };

    private static OpenApiSchema Boolean() => new() { Type = JsonSchemaType.Boolean };

    private static OpenApiSchema String() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Strings() => new() { Type = JsonSchemaType.Array, Items = String() };

    private static OpenApiSchema Points() => new()
    {
        Type = JsonSchemaType.Array,
        Items = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "x", "y" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["x"] = Number(), ["y"] = Number() },
        },
    };

    /// <summary>The dictionary form: <c>exact</c> and <c>ideal</c>, and for numbers <c>min</c> and <c>max</c>.</summary>
    private static OpenApiSchema Parameters(IOpenApiSchema value, bool range)
    {
        var properties = new Dictionary<string, IOpenApiSchema> { ["exact"] = value, ["ideal"] = value };
        if (range)
        {
            properties["min"] = value;
            properties["max"] = value;
        }

        return new OpenApiSchema { Type = JsonSchemaType.Object, Properties = properties, AdditionalPropertiesAllowed = false };
    }
}
