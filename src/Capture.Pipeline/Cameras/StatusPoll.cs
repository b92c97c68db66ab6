using Akka.Actor;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Cameras;

/// <summary>The rig's camera list: every camera asked for its status at once; one that does not answer in time still gets a row.</summary>
internal static class StatusPoll
{
    /// <summary>Asks each of <paramref name="cameras"/> through <paramref name="target"/>; a silent one is listed Failed with <paramref name="silence"/> as its error.</summary>
    public static async Task<Rig.CameraList> AskAllAsync(IEnumerable<CameraSettings> cameras, Func<CameraSettings, IActorRef> target, TimeSpan timeout, string silence)
    {
        var statuses = await Task.WhenAll(cameras.Select(async camera =>
        {
            try
            {
                return await target(camera).Ask<CameraStatus>(new Camera.GetStatus(camera.Id), timeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return new CameraStatus(camera.Id, camera.Label, camera.Source.ConfigName(), CameraHealth.Failed, DateTimeOffset.UtcNow, silence, 0, null, 0, 0, 0, 0);
            }
        })).ConfigureAwait(false);
        return new Rig.CameraList([.. statuses]);
    }
}
