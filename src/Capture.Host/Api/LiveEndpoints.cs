using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Core.Video;
using Capture.Pipeline.Sinks;
using Capture.Pipeline;

namespace Capture.Host.Api;

/// <summary>Live view: an H.264/H.265 camera as fragmented MP4 for Media Source Extensions, any camera as a <c>multipart/x-mixed-replace</c> MJPEG stream, and its latest picture as a JPEG.</summary>
/// <remarks>
/// Every viewer of a camera reads the same frames (the camera's own H.264, or one JPEG encode per camera, whatever
/// the number of viewers); a viewer that cannot keep up skips ahead (to the newest JPEG, or to the next keyframe), so
/// it never slows capture or the other viewers. The MJPEG view of an H.264 camera is a picture a second, decoded
/// from the latest keyframe, for browsers without the codec.
/// </remarks>
internal static class LiveEndpoints
{
    private const string Boundary = "capture-frame";

    public static void MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cameras/{id}/live", StreamAsync).WithTags("Live").WithSummary("MJPEG live view (multipart/x-mixed-replace).");
        app.MapGet("/api/cameras/{id}/snapshot.jpg", SnapshotAsync).WithTags("Live").WithSummary("The latest frame as a JPEG (decoded on demand for H.264/H.265).");
        app.MapGet("/api/cameras/{id}/live.mp4", StreamMp4Async).WithTags("Live").WithSummary("H.264/H.265 live view as fragmented MP4 (Media Source Extensions), the camera's own bitstream.");
        app.MapGet("/api/cameras/{id}/live/info", Info).WithTags("Live").WithSummary("What the live view carries: the MSE MIME type of an H.264/H.265 camera, or JPEG.");
    }

    private static IResult Info(string id, LiveViews views) => Find(id, views) is not { } sink
        ? MediaProblems.Problem(StatusCodes.Status404NotFound, "NotFoundError", $"There is no live view of camera '{id}'.")
        : Results.Ok(sink.EncodedStream is { } stream
            ? new { codec = stream.Codec, mimeType = stream.MimeType, mp4 = $"/api/cameras/{id}/live.mp4" }
            : sink.HasFrame
                ? new { codec = "jpeg", mimeType = "image/jpeg", mp4 = (string)null! }
                : new { codec = (string)null!, mimeType = (string)null!, mp4 = (string)null! }); // nothing delivered yet: not known

    private static async Task StreamMp4Async(string id, HttpContext context, LiveViews views)
    {
        var ct = context.RequestAborted;
        if (Find(id, views) is not { } sink)
        {
            await MediaProblems.Problem(StatusCodes.Status404NotFound, "NotFoundError", $"There is no live view of camera '{id}'.").ExecuteAsync(context);
            return;
        }

        if (sink.EncodedStream is null)
        {
            await MediaProblems.Problem(StatusCodes.Status406NotAcceptable, "NotSupportedError", $"Camera '{id}' does not deliver H.264/H.265 (use /api/cameras/{id}/live).").ExecuteAsync(context);
            return;
        }

        using var viewer = sink.Subscribe();
        VideoFrame? first = null;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromSeconds(15));
            first = await viewer.Frames.ReadAsync(wait.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            if (!ct.IsCancellationRequested)
            {
                await MediaProblems.Problem(StatusCodes.Status503ServiceUnavailable, "UnknownError", $"Camera '{id}' sent no keyframe.").ExecuteAsync(context);
            }

            return;
        }

        var stream = first.Info.Stream!;
        var response = context.Response;
        response.ContentType = stream.MimeType;
        response.Headers.CacheControl = "no-store";
        var header = new byte[Mp4Fragment.HeaderLength(1)];
        long origin = first.Info.DecodeTime;
        uint sequence = 0;
        int duration = Math.Max(1, stream.Timescale / 30);
        long previous = origin;
        try
        {
            await response.Body.WriteAsync(stream.InitSegment, ct);
            for (var frame = first; frame is not null; frame = await NextAsync(viewer, ct))
            {
                using (frame)
                {
                    if (!ReferenceEquals(frame.Info.Stream, stream))
                    {
                        break; // a new stream session (the camera reconnected): the viewer starts over with its new init segment
                    }

                    duration = frame.Info.DecodeTime > previous ? (int)(frame.Info.DecodeTime - previous) : duration;
                    previous = frame.Info.DecodeTime;
                    int length = Mp4Fragment.WriteHeader(header, ++sequence, stream.TrackId, frame.Info.DecodeTime - origin, [new Mp4Sample(frame.Length, duration, frame.Info.CompositionOffset, frame.Info.IsKeyFrame)]);
                    await response.Body.WriteAsync(header.AsMemory(0, length), ct);
                    await response.Body.WriteAsync(frame.Memory, ct);
                    await response.Body.FlushAsync(ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The viewer left.
        }
    }

    private static async Task WritePartAsync(HttpResponse response, ReadOnlyMemory<byte> jpeg, CancellationToken ct)
    {
        await response.WriteAsync($"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n", ct);
        await response.Body.WriteAsync(jpeg, ct);
        await response.WriteAsync("\r\n", ct);
        await response.Body.FlushAsync(ct);
    }

    private static async ValueTask<VideoFrame?> NextAsync(LiveStream viewer, CancellationToken ct) =>
        await viewer.Frames.WaitToReadAsync(ct) && viewer.Frames.TryRead(out var frame) ? frame : null;

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
            while (sink.EncodedStream is not null && !ct.IsCancellationRequested)
            {
                // An H.264/H.265 camera for a browser without the codec: a decoded picture a second.
                if (await sink.SnapshotAsync(ct) is { } picture)
                {
                    await WritePartAsync(response, picture.Bytes, ct);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }

            while (await sink.NextAsync(version, ct) is { } next)
            {
                using var frame = next.Frame;
                version = next.Version;
                await WritePartAsync(response, frame.Memory, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The viewer left.
        }
    }

    private static async Task<IResult> SnapshotAsync(string id, LiveViews views, CancellationToken ct)
    {
        if (Find(id, views) is not { } sink)
        {
            return MediaProblems.Problem(StatusCodes.Status404NotFound, "NotFoundError", $"There is no live view of camera '{id}'.");
        }

        var photo = await sink.SnapshotAsync(ct);
        return photo is null
            ? MediaProblems.Problem(StatusCodes.Status503ServiceUnavailable, "UnknownError", $"Camera '{id}' has not delivered a frame yet.")
            : Results.File(photo.Bytes.ToArray(), photo.Type);
    }

    private static LiveViewSink? Find(string id, LiveViews views) => CameraId.IsValid(id) ? views.Find(new CameraId(id)) : null;
}
