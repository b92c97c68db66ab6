using System.Text.Json;
using Capture.Core.Media;
using Capture.Pipeline.Cameras;

namespace Capture.Host.Api;

/// <summary>Calls on the whole rig at once.</summary>
internal static class RigEndpoints
{
    public static void MapRigEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rig").WithTags("Rig");
        api.MapPost("/trigger", async (HttpRequest request, ICaptureRig rig, CancellationToken ct) =>
            {
                try
                {
                    var cameras = (await JsonBody.ReadAsync<TriggerRequest>(request, ct))?.Cameras ?? [.. (await rig.GetCamerasAsync(ct)).Where(c => c.Source == "genicam").Select(c => c.CameraId.Value)];
                    return Results.Ok(await rig.TriggerAsync(cameras, ct));
                }
                catch (Exception e) when (e is MediaException or ArgumentException or JsonException or BadHttpRequestException)
                {
                    return MediaProblems.From(e);
                }
            })
            .Accepts<TriggerRequest>("application/json")
            .WithSummary("Fires the software trigger of the listed cameras (every genicam camera when no body) at once; replies each one's frame (sequence, device and host times), the cameras that could not fire, and the skew of the frames' arrival.");
    }

    /// <summary>The cameras to fire.</summary>
    /// <param name="Cameras">Their ids.</param>
    internal sealed record TriggerRequest(string[]? Cameras);
}
