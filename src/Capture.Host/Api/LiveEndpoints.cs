using Capture.Pipeline.Cameras;
using Capture.Pipeline.Sinks;

namespace Capture.Host.Api;

/// <summary>Live view: each camera as a <c>multipart/x-mixed-replace</c> MJPEG stream, and its latest frame as a JPEG.</summary>
/// <remarks>
/// Every viewer of a camera reads the same encoded frame (one encode per camera, whatever the number of viewers); a
/// viewer that cannot keep up skips to the newest frame, so it never slows capture or the other viewers.
/// </remarks>
internal static class LiveEndpoints
{
    private const string Boundary = "capture-frame";

    public static void MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cameras/{id}/live", StreamAsync).WithTags("Live").WithSummary("MJPEG live view (multipart/x-mixed-replace).");
        app.MapGet("/api/cameras/{id}/snapshot.jpg", Snapshot).WithTags("Live").WithSummary("The latest frame as a JPEG.");
    }

    private static async Task StreamAsync(string id, HttpContext context, LiveViews views)
    {
        if (Find(id, views) is not { } sink)
        {
            await MediaProblems.Problem(StatusCodes.Status404NotFound, "NotFoundError", $"There is no live view of camera '{id}'.").ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = $"multipart/x-mixed-replace; boundary={Boundary}";
        response.Headers.CacheControl = "no-store";
        var ct = context.RequestAborted;
        using var viewer = sink.Watch();
        long version = 0;
        try
        {
            while (await sink.NextAsync(version, ct) is { } next)
            {
                using var frame = next.Frame;
                version = next.Version;
                await response.WriteAsync($"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {frame.Length}\r\n\r\n", ct);
                await response.Body.WriteAsync(frame.Memory, ct);
                await response.WriteAsync("\r\n", ct);
                await response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The viewer left.
        }
    }

    private static IResult Snapshot(string id, LiveViews views)
    {
        if (Find(id, views) is not { } sink)
        {
            return MediaProblems.Problem(StatusCodes.Status404NotFound, "NotFoundError", $"There is no live view of camera '{id}'.");
        }

        using var frame = sink.Snapshot();
        return frame is null
            ? MediaProblems.Problem(StatusCodes.Status503ServiceUnavailable, "UnknownError", $"Camera '{id}' has not delivered a frame yet.")
            : Results.File(frame.Data.ToArray(), "image/jpeg");
    }

    private static LiveViewSink? Find(string id, LiveViews views) => CameraId.IsValid(id) ? views.Find(new CameraId(id)) : null;
}
