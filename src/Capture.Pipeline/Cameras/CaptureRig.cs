using System.Collections.Immutable;
using Akka.Actor;
using Capture.Core.Imaging;
using Capture.Core.Media;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Cameras;

/// <summary>The <see cref="ICaptureRig"/> over a rig actor.</summary>
public sealed class CaptureRig : ICaptureRig
{
    private readonly RigResolver _rig;
    private readonly TimeSpan _timeout;

    /// <summary>Wraps a rig actor; asks time out after <paramref name="askTimeout"/>.</summary>
    public CaptureRig(IActorRef rig, TimeSpan askTimeout)
        : this(_ => ValueTask.FromResult(rig), askTimeout)
    {
        ArgumentNullException.ThrowIfNull(rig);
    }

    /// <summary>Wraps a rig actor found on first use (hosted services may be built before Akka.Hosting registers it).</summary>
    public CaptureRig(RigResolver rig, TimeSpan askTimeout)
    {
        ArgumentNullException.ThrowIfNull(rig);
        _rig = rig;
        _timeout = askTimeout;
    }

    /// <inheritdoc />
    public CameraRef Camera(string cameraId) => new(_rig, new CameraId(cameraId), _timeout);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CameraStatus>> GetCamerasAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<Rig.CameraList>(Rig.GetCameras.Instance, _timeout * 2, cancellationToken).ConfigureAwait(false)).Cameras;

    /// <inheritdoc />
    public async Task<RigFrames> TriggerAsync(IEnumerable<string> cameraIds, CancellationToken cancellationToken = default)
    {
        var (frames, failed) = await AskEachAsync(cameraIds, camera => camera.TriggerAsync(cancellationToken)).ConfigureAwait(false);
        return new RigFrames(frames, failed);
    }

    /// <inheritdoc />
    public async Task<RigFrames> StartTogetherAsync(IEnumerable<string> cameraIds, CancellationToken cancellationToken = default)
    {
        var cameras = cameraIds.Select(id => new CameraId(id)).ToList(); // a set in the barrier, asked once each below
        // Half the ask timeout to arm: the other half is for the first frames after the release.
        var barrier = new StartBarrier(cameras, _timeout / 2);
        var (frames, failed) = await AskEachAsync(
            cameras.Select(c => c.Value),
            camera =>
            {
                var first = camera.StartTogetherAsync(barrier, cancellationToken);
                // A camera that cannot take part is let go of at once, not when the others' answers have been read.
                first.ContinueWith(_ => barrier.Withdraw(camera.Id), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
                return first;
            }).ConfigureAwait(false);
        return new RigFrames(frames, failed);
    }

    /// <inheritdoc />
    public async Task<RigPhotos> TakePhotosAsync(IEnumerable<string> cameraIds, PhotoSettings? settings = null, CancellationToken cancellationToken = default)
    {
        var (photos, failed) = await AskEachAsync(cameraIds, camera => camera.TakePhotoTakenAsync(settings, cancellationToken)).ConfigureAwait(false);
        return new RigPhotos(photos, failed);
    }

    /// <inheritdoc />
    public Task<Rig.Reconfigured> ReconfigureAsync(CaptureSettings settings, CancellationToken cancellationToken = default) =>
        AskAsync<Rig.Reconfigured>(new Rig.Reconfigure(settings), _timeout, cancellationToken);

    /// <inheritdoc />
    public Task<Rig.ShutdownComplete> ShutdownAsync(CancellationToken cancellationToken = default) =>
        AskAsync<Rig.ShutdownComplete>(Rig.Shutdown.Instance, _timeout * 2, cancellationToken);

    /// <summary>Asks every camera once (a camera listed twice is asked once) before any answer is awaited, so the commands go out together; gathers the answers and the failures.</summary>
    private async Task<(ImmutableArray<T> Answers, ImmutableArray<Camera.MediaError> Failed)> AskEachAsync<T>(IEnumerable<string> cameraIds, Func<CameraRef, Task<T>> ask)
    {
        var asked = cameraIds.Distinct(StringComparer.Ordinal).Select(Camera).Select(camera => (camera.Id, Answer: ask(camera))).ToList();
        var answers = ImmutableArray.CreateBuilder<T>();
        var failed = ImmutableArray.CreateBuilder<Camera.MediaError>();
        foreach (var (id, answer) in asked)
        {
            try
            {
                answers.Add(await answer.ConfigureAwait(false));
            }
            catch (MediaException e)
            {
                failed.Add(Cameras.Camera.MediaError.From(id, e));
            }
        }

        return (answers.ToImmutable(), failed.ToImmutable());
    }

    private async Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rig = await _rig(cancellationToken).ConfigureAwait(false);
        return await rig.Ask<T>(message, timeout, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Finds the rig actor.</summary>
public delegate ValueTask<IActorRef> RigResolver(CancellationToken cancellationToken);
