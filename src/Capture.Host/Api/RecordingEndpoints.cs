using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Capture.Pipeline.Sinks;
using Capture.Pipeline;

namespace Capture.Host.Api;

/// <summary>Recordings through the API: each camera's finished segments listed by time, and served with HTTP range requests so a browser can seek.</summary>
internal static class RecordingEndpoints
{
    public static void MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cameras/{id}/recordings").WithTags("Recordings");
        api.MapGet("/", (string id, DateTime? from, DateTime? to, RecordingSettings recording) =>
                CameraId.IsValid(id)
                    ? Results.Ok(Recordings.List(recording.Path, new CameraId(id), from?.ToUniversalTime(), to?.ToUniversalTime()))
                    : NotACamera(id))
            .WithSummary("The camera's finished video segments overlapping [from, to] (ISO 8601, UTC): name, start, end, size, codec.");
        api.MapGet("/{name}", (string id, string name, RecordingSettings recording) =>
            {
                if (!CameraId.IsValid(id))
                {
                    return NotACamera(id);
                }

                return Recordings.Find(recording.Path, new CameraId(id), name) is { } path
                    ? Results.File(path, Path.GetExtension(path) == ".mp4" ? "video/mp4" : "video/x-msvideo", name, enableRangeProcessing: true)
                    : MediaProblems.Problem(StatusCodes.Status404NotFound, "NotFoundError", $"Camera '{id}' has no recording '{name}'.");
            })
            .WithSummary("One segment, with range requests (seekable in a browser's video element).");
    }

    private static IResult NotACamera(string id) =>
        MediaProblems.Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, $"'{id}' is not a camera id.");
}
