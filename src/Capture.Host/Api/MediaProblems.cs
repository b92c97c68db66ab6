using System.Text.Json;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;

namespace Capture.Host.Api;

/// <summary>Turns W3C errors into problem-details replies that carry the DOMException name (and the constraint).</summary>
internal static class MediaProblems
{
    public static IResult From(Exception exception) => exception switch
    {
        OverconstrainedException o => Problem(StatusCodes.Status400BadRequest, o.Name, o.Message, o.Constraint),
        MediaException m => Problem(StatusFor(m.Name), m.Name, m.Message),
        JsonException j => Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, $"The body is not valid: {j.Message}"),
        BadHttpRequestException b => Problem(b.StatusCode, b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "PayloadTooLarge" : "BadRequest", b.Message),
        ArgumentException a => Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, a.Message),
        _ => throw exception,
    };

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
