using System.Text.Json;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;

namespace Capture.Host.Api;

/// <summary>Calls on the whole rig at once: each listed camera is asked before any answer is awaited.</summary>
internal static class RigEndpoints
{
    public static void MapRigEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rig").WithTags("Rig");
        api.MapPost("/trigger", (HttpRequest request, ICaptureRig rig, CancellationToken ct) =>
                CallAsync(request, rig, c => c.Source == "genicam", (RigRequest? _, IReadOnlyList<string> cameras) => rig.TriggerAsync(cameras, ct), ct))
            .Accepts<RigRequest>("application/json")
            .WithSummary("Fires the software trigger of the listed cameras (every genicam camera when no body) at once; replies each one's frame (sequence, device and host times), the cameras that could not fire, and the skew of the frames' arrival.");
        api.MapPost("/start", (HttpRequest request, ICaptureRig rig, CancellationToken ct) =>
                CallAsync(request, rig, _ => true, (RigRequest? _, IReadOnlyList<string> cameras) => rig.StartTogetherAsync(cameras, ct), ct))
            .Accepts<RigRequest>("application/json")
            .WithSummary("Synchronised start of the listed cameras (every camera when no body): all arm, then all are released at one instant; replies each one's first frame after the release, the cameras that could not take part, and the skew.");
        api.MapPost("/photo", (HttpRequest request, ICaptureRig rig, CancellationToken ct) =>
                CallAsync(request, rig, _ => true, (RigPhotoRequest? body, IReadOnlyList<string> cameras) => rig.TakePhotosAsync(cameras, body?.Settings, ct), ct))
            .Accepts<RigPhotoRequest>("application/json")
            .WithSummary("Takes a photo on the listed cameras (every camera when no body) at one instant; replies each photo (base64 in 'bytes', its type and capture time), the cameras that could not take one, and the skew.");
    }

    private static async Task<IResult> CallAsync<TRequest, TReply>(HttpRequest request, ICaptureRig rig, Func<CameraStatus, bool> byDefault, Func<TRequest?, IReadOnlyList<string>, Task<TReply>> call, CancellationToken ct)
        where TRequest : RigRequest
    {
        try
        {
            var body = await JsonBody.ReadAsync<TRequest>(request, ct);
            var cameras = body?.Cameras ?? [.. (await rig.GetCamerasAsync(ct)).Where(byDefault).Select(c => c.CameraId.Value)];
            return Results.Ok(await call(body, cameras));
        }
        catch (Exception e) when (e is MediaException or ArgumentException or JsonException or BadHttpRequestException)
        {
            return MediaProblems.From(e);
        }
    }

    /// <summary>The cameras to call on.</summary>
    /// <param name="Cameras">Their ids.</param>
    internal record RigRequest(string[]? Cameras);

    /// <summary>The cameras to take a photo on, and the photo settings for each (W3C <c>PhotoSettings</c>).</summary>
    internal sealed record RigPhotoRequest(string[]? Cameras, PhotoSettings? Settings) : RigRequest(Cameras);
}
