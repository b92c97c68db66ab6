using System.Text.Json;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;

namespace Capture.Host.Api;

/// <summary>Turns W3C errors into problem-details replies that carry the DOMException name (and the constraint).</summary>
internal static partial class MediaProblems
{
    public static IResult From(Exception exception) => exception switch
    {
        OverconstrainedException o => Problem(StatusCodes.Status400BadRequest, o.Name, o.Message, o.Constraint),
        MediaException m => Problem(StatusFor(m.Name), m.Name, m.Message),
        JsonException j => Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, $"The body is not valid{(j.Path is { } path ? $" at {path}" : string.Empty)}: {Readable(j.Message)}"),
        BadHttpRequestException b => Problem(b.StatusCode, b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "PayloadTooLarge" : "BadRequest", b.Message),
        ArgumentException a => Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, a.Message),
        _ => throw exception,
    };

    /// <summary>The parser's reason without .NET type names (Nullable`1[Capture.Core.Imaging.FillLightMode] → FillLightMode) or its position suffix.</summary>
    private static string Readable(string message)
    {
        string text = Nullable().Replace(message, "$1");
        text = QualifiedName().Replace(text, "$1");
        int position = text.IndexOf(" Path: ", StringComparison.Ordinal);
        return position > 0 ? text[..position] : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"System\.Nullable`1\[([\w.]+)\]")]
    private static partial System.Text.RegularExpressions.Regex Nullable();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:[A-Z]\w*\.)+([A-Z]\w*)\b")]
    private static partial System.Text.RegularExpressions.Regex QualifiedName();

    public static IResult Problem(int status, string name, string detail, string? constraint = null) =>
        Results.Json(
            new MediaProblem($"https://www.w3.org/TR/mediacapture-streams/#{name.ToLowerInvariant()}", name, status, detail, name, constraint),
            statusCode: status,
            contentType: "application/problem+json");

    private static int StatusFor(string name) => name switch
    {
        MediaErrorNames.NotFoundError => StatusCodes.Status404NotFound,
        MediaErrorNames.InvalidStateError => StatusCodes.Status409Conflict,
        MediaErrorNames.NotSupportedError => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>RFC 9457 problem details, plus the W3C error's name and constraint.</summary>
    public sealed record MediaProblem(string Type, string Title, int Status, string Detail, string Name, string? Constraint);
}
