using System.Text.Json;
using System.Text.Json.Serialization;

namespace Capture.Core.Json;

/// <summary>The JSON options that give every media dictionary exactly the browser's shape.</summary>
/// <remarks>
/// camelCase members, absent members left out, enums as their W3C strings, constraint values as bare values or
/// dictionaries as written: <c>{"advanced":[{"zoom":2}]}</c> and <c>{"zoom":{"min":1,"max":4}}</c> round-trip unchanged.
/// Unknown members are ignored, as WebIDL ignores them.
/// </remarks>
public static class MediaJson
{
    /// <summary>The options; shared and read-only.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the media model's settings to options a host already has (e.g. ASP.NET's).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
