using Capture.Core.Imaging;
using Capture.Core.Media;

namespace Capture.Core.Drivers;

/// <summary>The contract every camera backend implements: open and close, frames out, capabilities, controls, photos.</summary>
/// <remarks>
/// Backends speak W3C terms (a <see cref="CameraProfile"/> and <see cref="MediaTrackSettings"/>), so the media model
/// applies the constraints algorithm once for all of them. The media model serialises calls: a driver never sees two at once.
/// </remarks>
public interface ICameraDriver : IAsyncDisposable
{
    /// <summary>Who the camera is.</summary>
    CameraDescriptor Descriptor { get; }

    /// <summary>What the camera can do and its power-on settings.</summary>
    CameraProfile Profile { get; }

    /// <summary>Opens the device with the given settings and starts delivering frames to <paramref name="observer"/>.</summary>
    /// <returns>The settings the device really has (read back).</returns>
    Task<MediaTrackSettings> OpenAsync(MediaTrackSettings settings, ICameraObserver observer, CancellationToken cancellationToken);

    /// <summary>Sets the controls to <paramref name="settings"/>.</summary>
    /// <returns>The settings the device really has afterwards (read back), which may differ where the hardware rounds.</returns>
    Task<MediaTrackSettings> ApplySettingsAsync(MediaTrackSettings settings, CancellationToken cancellationToken);

    /// <summary>Takes one still exposure with the given photo settings (already validated against the capabilities).</summary>
    Task<Photo> TakePhotoAsync(PhotoSettings settings, CancellationToken cancellationToken);

    /// <summary>Stops delivering frames and releases the device; it can be opened again.</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
