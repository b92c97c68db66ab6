using Capture.Core.Imaging;

namespace Capture.Pipeline.Cameras;

/// <summary>The typed client of a rig, so callers never hand-write an Ask with a magic timeout.</summary>
public interface ICaptureRig
{
    /// <summary>A handle on one camera; it is not checked until used (an unknown camera then fails with NotFoundError).</summary>
    /// <exception cref="ArgumentException">The id is not a valid camera id.</exception>
    CameraRef Camera(string cameraId);

    /// <summary>Every camera's status, in configuration order.</summary>
    Task<IReadOnlyList<CameraStatus>> GetCamerasAsync(CancellationToken cancellationToken = default);

    /// <summary>Fires the software trigger of every camera in <paramref name="cameraIds"/> (each once, however often listed) at once; answers each one's frame and the skew between them.</summary>
    Task<RigFrames> TriggerAsync(IEnumerable<string> cameraIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts every camera in <paramref name="cameraIds"/> at one instant: each arms (a GenICam camera stops acquiring,
    /// its stream ready), and when all are armed all are released together; answers each one's first frame after the
    /// release and the skew between them. A camera that cannot stop acquiring answers its next frame.
    /// </summary>
    Task<RigFrames> StartTogetherAsync(IEnumerable<string> cameraIds, CancellationToken cancellationToken = default);

    /// <summary>Takes a photo on every camera in <paramref name="cameraIds"/> at once (a triggered camera fires for it); answers each photo with when its frame was captured, and the skew.</summary>
    Task<RigPhotos> TakePhotosAsync(IEnumerable<string> cameraIds, PhotoSettings? settings = null, CancellationToken cancellationToken = default);

    /// <summary>Applies new settings, touching only the cameras that were added, removed or changed.</summary>
    Task<Rig.Reconfigured> ReconfigureAsync(Configuration.CaptureSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Stops every camera and waits until each has closed its device.</summary>
    Task<Rig.ShutdownComplete> ShutdownAsync(CancellationToken cancellationToken = default);
}
