using Akka.Actor;
using Capture.Core.Media;

namespace Capture.Pipeline.Cameras;

/// <summary>Answers a command when the device call it started finishes, from the finishing thread, never from the actor's.</summary>
internal static class CameraReplies
{
    /// <summary>
    /// Tells <paramref name="sender"/> the call's result (or its W3C error). A call whose success changes the desired
    /// state instead tells <paramref name="self"/> what to remember, with the reply, which goes out once it is recorded.
    /// </summary>
    public static void ReplyTo<T>(this Task<T> call, IActorRef sender, CameraId id, Func<T, ICameraReply> reply, IActorRef self, Func<T, ICameraReply, object>? remember = null) =>
        call.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully && remember is not null)
                {
                    self.Tell(remember(t.Result, reply(t.Result)));
                    return;
                }

                sender.Tell(t.IsCompletedSuccessfully
                    ? reply(t.Result)
                    : Camera.MediaError.From(id, t.Exception ?? (Exception)new MediaException(MediaErrorNames.OperationError, "The track ended while the call was in progress.")));
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
