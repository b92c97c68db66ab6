using System.Collections.Immutable;
using Akka.Actor;
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
    public async Task<RigTrigger> TriggerAsync(IEnumerable<string> cameraIds, CancellationToken cancellationToken = default)
    {
        // Every camera asked before any answer is awaited: the triggers go out together.
        var fired = cameraIds.Select(id => (Id: new CameraId(id), Frame: Camera(id).TriggerAsync(cancellationToken))).ToList();
        var frames = ImmutableArray.CreateBuilder<Camera.Triggered>();
        var failed = ImmutableArray.CreateBuilder<Camera.MediaError>();
        foreach (var (id, frame) in fired)
        {
            try
            {
                frames.Add(await frame.ConfigureAwait(false));
            }
            catch (MediaException e)
            {
                failed.Add(Cameras.Camera.MediaError.From(id, e));
            }
        }

        return new RigTrigger(frames.ToImmutable(), failed.ToImmutable());
    }

    /// <inheritdoc />
    public Task<Rig.Reconfigured> ReconfigureAsync(CaptureSettings settings, CancellationToken cancellationToken = default) =>
        AskAsync<Rig.Reconfigured>(new Rig.Reconfigure(settings), _timeout, cancellationToken);

    /// <inheritdoc />
    public Task<Rig.ShutdownComplete> ShutdownAsync(CancellationToken cancellationToken = default) =>
        AskAsync<Rig.ShutdownComplete>(Rig.Shutdown.Instance, _timeout * 2, cancellationToken);

    private async Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var rig = await _rig(cancellationToken).ConfigureAwait(false);
        return await rig.Ask<T>(message, timeout, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Finds the rig actor.</summary>
public delegate ValueTask<IActorRef> RigResolver(CancellationToken cancellationToken);
