using System.Text.Json;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;
using Capture.Pipeline;

namespace Capture.Host.Api;

/// <summary>The REST API over the rig: each camera's W3C calls, with bodies and replies in the browser's JSON shape.</summary>
/// <remarks>A browser's <c>applyConstraints</c> or <c>takePhoto</c> argument, serialized with <c>JSON.stringify</c>, is a valid body as it is.</remarks>
internal static class CameraEndpoints
{
    public static void MapCameraEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cameras").WithTags("Cameras");
        api.MapGet("/", async (ICaptureRig rig, CancellationToken ct) => Results.Ok(await rig.GetCamerasAsync(ct)))
            .WithSummary("Every camera with its health and counters.");
        api.MapGet("/{id}", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, c => c.GetStatusAsync(ct)))
            .WithSummary("One camera's health and counters.");
        api.MapGet("/{id}/capabilities", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, c => c.GetCapabilitiesAsync(ct)))
            .WithSummary("MediaStreamTrack.getCapabilities().");
        api.MapGet("/{id}/settings", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, c => c.GetSettingsAsync(ct)))
            .WithSummary("MediaStreamTrack.getSettings().");
        api.MapGet("/{id}/constraints", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, c => c.GetConstraintsAsync(ct)))
            .WithSummary("MediaStreamTrack.getConstraints().");
        api.MapPost("/{id}/constraints", (string id, HttpRequest request, ICaptureRig rig, CancellationToken ct) =>
                CallAsync(id, rig, async c => await c.ApplyConstraintsAsync(await JsonBody.ReadAsync<MediaTrackConstraints>(request, ct), ct)))
            .Accepts<MediaTrackConstraints>("application/json", "text/plain")
            .WithSummary("MediaStreamTrack.applyConstraints(body); replies the new settings, or a problem with the W3C error name and constraint.");
        api.MapGet("/{id}/photo-capabilities", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, c => c.GetPhotoCapabilitiesAsync(ct)))
            .WithSummary("ImageCapture.getPhotoCapabilities().");
        api.MapGet("/{id}/photo-settings", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, c => c.GetPhotoSettingsAsync(ct)))
            .WithSummary("ImageCapture.getPhotoSettings().");
        api.MapPost("/{id}/photo", (string id, HttpRequest request, ICaptureRig rig, CancellationToken ct) =>
                FileAsync(id, rig, async c => await c.TakePhotoAsync(await JsonBody.ReadAsync<PhotoSettings>(request, ct), ct)))
            .Accepts<PhotoSettings>("application/json", "text/plain")
            .WithSummary("ImageCapture.takePhoto(body); replies the image.");
        api.MapGet("/{id}/frame", (string id, string? type, ICaptureRig rig, CancellationToken ct) =>
                FileAsync(id, rig, async c =>
                {
                    var frame = await c.GrabFrameAsync(type == "jpeg" ? "image/jpeg" : "image/png", ct);
                    return new Photo(frame.Bytes, frame.Type);
                }))
            .WithSummary("ImageCapture.grabFrame(), as PNG (or ?type=jpeg).");
        api.MapPost("/{id}/stop", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, async c => { await c.StopAsync(ct); return new { stopped = id }; }))
            .WithSummary("Stops the camera and closes its device and files.");
        api.MapPost("/{id}/start", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, async c => { await c.StartAsync(ct); return new { started = id }; }))
            .WithSummary("Starts a stopped camera.");
        api.MapGet("/{id}/features/{name}", (string id, string name, ICaptureRig rig, CancellationToken ct) =>
                CallAsync(id, rig, async c => new FeatureValue(name, await c.GetFeatureAsync(name, ct))))
            .WithSummary("A machine-vision camera's GenICam feature by its own name (GainRaw, BinningHorizontal, …), as text.");
        api.MapPut("/{id}/features/{name}", (string id, string name, HttpRequest request, ICaptureRig rig, CancellationToken ct) =>
                CallAsync(id, rig, async c =>
                {
                    var value = (await JsonBody.ReadAsync<FeatureValue>(request, ct))?.Value ?? throw new ArgumentException("The body must be {\"value\": \"…\"}.");
                    return new FeatureValue(name, await c.SetFeatureAsync(name, value, ct));
                }))
            .Accepts<FeatureValue>("application/json")
            .WithSummary("Writes a GenICam feature by name ({\"value\": \"10\"}); replies what the camera kept. It is written again whenever the camera opens.");
        api.MapGet("/{id}/pipeline", (string id, ICaptureRig rig, CancellationToken ct) => CallAsync(id, rig, c => c.GetPipelineAsync(ct)))
            .WithSummary("Per-stage frame counters, drops by reason, and capture-to-stage latency.");
    }

    /// <summary>A feature's name and value, as text.</summary>
    internal sealed record FeatureValue(string? Name, string? Value);

    private static async Task<IResult> CallAsync<T>(string id, ICaptureRig rig, Func<CameraRef, Task<T>> call)
    {
        if (!CameraId.IsValid(id))
        {
            return MediaProblems.Problem(StatusCodes.Status400BadRequest, Camera.MediaError.TypeError, $"'{id}' is not a camera id.");
        }

        try
        {
            return Results.Ok(await call(rig.Camera(id)));
        }
        catch (Exception e) when (e is MediaException or ArgumentException or JsonException or BadHttpRequestException)
        {
            return MediaProblems.From(e);
        }
    }

    private static async Task<IResult> FileAsync(string id, ICaptureRig rig, Func<CameraRef, Task<Photo>> call)
    {
        var result = await CallAsync(id, rig, call);
        return result is Microsoft.AspNetCore.Http.HttpResults.Ok<Photo> { Value: { } photo } ? Results.File(photo.Bytes.ToArray(), photo.Type) : result;
    }
}
