using Capture.Pipeline;
using Capture.Pipeline.Cameras;
using Capture.Pipeline.Events;

namespace Capture.Host.Api;

/// <summary>Motion events through the API: listed by camera and time, their snapshots, and a live server-sent events stream.</summary>
internal static class EventEndpoints
{
    private const int MaxListed = 1000;
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/events").WithTags("Events");
        api.MapGet("/", List)
            .WithSummary($"Motion events overlapping [from, to] (ISO 8601, UTC), of one camera or all, newest first (at most limit, {MaxListed} by default and at most).");
        api.MapGet("/{id}/snapshot.jpg", Snapshot)
            .WithSummary("The JPEG of the frame that started the event.");
        api.MapGet("/live", LiveAsync)
            .WithSummary("Server-sent events: each motion event's start, update and end as it happens (event: motion, data: the event as JSON).");
    }

    private static IResult List(string? camera, DateTime? from, DateTime? to, int? limit, EventStore store)
    {
        if (camera is not null && !CameraId.IsValid(camera))
        {
            return MediaProblems.Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, $"'{camera}' is not a camera id.");
        }

        if (limit is < 1 or > MaxListed)
        {
            return MediaProblems.Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, $"limit must be between 1 and {MaxListed}.");
        }

        var events = store.Query(camera is null ? null : new CameraId(camera), from?.ToUniversalTime(), to?.ToUniversalTime(), limit ?? MaxListed);
        return Results.Ok(events.Select(e => new
        {
            e.Id,
            Camera = e.Camera.Value,
            e.Zone,
            e.StartedUtc,
            e.EndedUtc,
            Score = Math.Round(e.Score, 4),
            Snapshot = e.HasSnapshot ? EventJson.SnapshotPath(e.Id) : null,
            Clips = EventJson.ClipsPath(e.Camera, e.StartedUtc, e.EndedUtc),
        }));
    }

    private static IResult Snapshot(string id, EventStore store, HttpResponse response)
    {
        if (!Guid.TryParse(id, out var guid) || store.Snapshot(guid) is not { } jpeg)
        {
            return MediaProblems.Problem(StatusCodes.Status404NotFound, "NotFoundError", $"There is no event '{id}' with a snapshot.");
        }

        response.Headers.CacheControl = "private, max-age=86400, immutable"; // an event's snapshot never changes: the events list reloads it from cache
        return Results.File(jpeg, "image/jpeg");
    }

    private static async Task LiveAsync(HttpContext context, EventFeed feed)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        var ct = context.RequestAborted;
        await response.WriteAsync(": motion events follow\n\n", ct);
        await response.Body.FlushAsync(ct);
        await using var events = feed.SubscribeAsync(ct).GetAsyncEnumerator(ct);
        try
        {
            var next = events.MoveNextAsync().AsTask();
            while (true)
            {
                // A comment every few seconds keeps proxies from closing a quiet stream.
                if (await Task.WhenAny(next, Task.Delay(s_keepAlive, ct)) != next)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                await response.WriteAsync("event: motion\ndata: ", ct);
                await response.Body.WriteAsync(EventJson.Serialize(events.Current), ct);
                await response.WriteAsync("\n\n", ct);
                await response.Body.FlushAsync(ct);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left.
        }
    }
}
