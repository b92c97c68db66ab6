using Capture.Core.Frames;
using Capture.Core.Media;

namespace Capture.Core.Imaging;

/// <summary>Takes photos and grabs frames from a video track (W3C <c>ImageCapture</c>).</summary>
/// <remarks>
/// Every method fails through its task, never synchronously: InvalidStateError when the track has ended,
/// OperationError when it ends while the call runs (pinned decision 4). Photos are queued per camera and complete
/// in call order (pinned decision 3).
/// </remarks>
public sealed class ImageCapture
{
    private static readonly JpegDecoder s_jpeg = new();
    private static readonly FramePool s_pictures = new(maxRetained: 4);

    /// <summary>Creates an ImageCapture for a video track; an ended track is accepted, and later calls fail.</summary>
    /// <exception cref="ArgumentNullException">The track is null (the spec's TypeError).</exception>
    /// <exception cref="MediaException">NotSupportedError: the track is not a video track.</exception>
    public ImageCapture(MediaStreamTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (track.Kind != MediaStreamTrack.VideoKind)
        {
            throw MediaException.NotSupported($"ImageCapture needs a video track, not an {track.Kind} track.");
        }

        Track = track;
    }

    /// <summary>The track passed to the constructor (the same object).</summary>
    public MediaStreamTrack Track { get; }

    /// <summary>Takes one still exposure and encodes it (W3C <c>takePhoto</c>).</summary>
    /// <remarks>
    /// Proceeds on a disabled track (pinned decision 5). Sizes inside the capabilities but off their step are moved
    /// to the nearest supported size; given settings persist for later photos, as <see cref="GetPhotoSettingsAsync"/> shows.
    /// </remarks>
    /// <exception cref="MediaException">
    /// InvalidStateError: the track has ended. NotSupportedError: a size outside <see cref="PhotoCapabilities"/>,
    /// red-eye reduction that is not controllable, or a flash mode not offered (pinned decision 1).
    /// UnknownError: the camera cannot take photos or failed to. OperationError: the track ended meanwhile.
    /// </exception>
    public async Task<Photo> TakePhotoAsync(PhotoSettings? photoSettings = null, CancellationToken cancellationToken = default)
    {
        EnsureLive();
        photoSettings ??= new PhotoSettings();
        if (Track.Source.PhotoCapabilities is { } capabilities)
        {
            Validate(photoSettings, capabilities);
        }

        return await Track.Source.TakePhotoAsync(Track, photoSettings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the next frame of the live video, unencoded (W3C <c>grabFrame</c>); dispose it when done.</summary>
    /// <remarks>
    /// Overlapping calls are queued and resolve with successive frames (pinned decision 8). A JPEG frame is decoded to
    /// BGRA; an H.264/H.265 camera's newest picture is decoded from its latest keyframe on, only now that it is asked for.
    /// </remarks>
    /// <exception cref="MediaException">
    /// InvalidStateError: the track has ended or is disabled (pinned decision 6). UnknownError: no frame arrived within
    /// <see cref="MediaDevicesOptions.GrabFrameTimeout"/>. OperationError: the track ended meanwhile.
    /// </exception>
    public async Task<VideoFrame> GrabFrameAsync(CancellationToken cancellationToken = default)
    {
        EnsureLive();
        if (!Track.Enabled)
        {
            throw MediaException.InvalidState("The track is disabled.");
        }

        var frame = await Track.GrabFrameAsync(Track.Source.Options.GrabFrameTimeout, cancellationToken).ConfigureAwait(false);
        if (!frame.Info.IsEncodedVideo && frame.Format != VideoPixelFormat.Jpeg)
        {
            return frame;
        }

        using (frame)
        {
            try
            {
                return frame.Format == VideoPixelFormat.Jpeg
                    ? s_jpeg.Decode(frame, s_pictures)
                    : await (Track.Source.Pictures ?? throw MediaException.Unknown("The camera's frames are encoded and it cannot decode them on demand."))
                        .DecodeLatestAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw MediaException.Unknown($"The frame could not be decoded: {e.Message}", e);
            }
        }
    }

    /// <summary>What <see cref="TakePhotoAsync"/> can do (W3C <c>getPhotoCapabilities</c>).</summary>
    /// <exception cref="MediaException">InvalidStateError: the track has ended. OperationError: it ended meanwhile.</exception>
    public async Task<PhotoCapabilities> GetPhotoCapabilitiesAsync()
    {
        EnsureLive();
        return await Track.Source.GetPhotoCapabilitiesAsync(Track).ConfigureAwait(false);
    }

    /// <summary>The photo settings now in effect (W3C <c>getPhotoSettings</c>).</summary>
    /// <exception cref="MediaException">InvalidStateError: the track has ended. OperationError: it ended meanwhile.</exception>
    public async Task<PhotoSettings> GetPhotoSettingsAsync()
    {
        EnsureLive();
        return await Track.Source.GetPhotoSettingsAsync(Track).ConfigureAwait(false);
    }

    private void EnsureLive()
    {
        if (Track.ReadyState != MediaStreamTrackState.Live)
        {
            throw MediaException.InvalidState("The track has ended.");
        }
    }

    private static void Validate(PhotoSettings settings, PhotoCapabilities capabilities)
    {
        if (settings.FillLightMode is { } given && !Enum.IsDefined(given))
        {
            throw new ArgumentException($"{(int)given} is not a valid FillLightMode value.", nameof(settings)); // WebIDL: not in the enum → TypeError
        }

        CheckSize(settings.ImageWidth, capabilities.ImageWidth, "imageWidth");
        CheckSize(settings.ImageHeight, capabilities.ImageHeight, "imageHeight");
        if (settings.RedEyeReduction is not null && capabilities.RedEyeReduction != RedEyeReduction.Controllable)
        {
            throw MediaException.NotSupported("redEyeReduction is not controllable.");
        }

        if (settings.FillLightMode is { } mode && !(capabilities.FillLightMode ?? []).Contains(mode))
        {
            throw MediaException.NotSupported($"fillLightMode '{mode.ToString().ToLowerInvariant()}' is not supported.");
        }
    }

    private static void CheckSize(double? value, MediaSettingsRange? range, string name)
    {
        if (value is not { } v)
        {
            return;
        }

        if (!double.IsFinite(v))
        {
            throw new ArgumentException($"{name} is not a finite number.", name);
        }

        if (v < range?.Min || v > range?.Max)
        {
            throw MediaException.NotSupported($"{name} {v} is outside the supported range [{range.Min}, {range.Max}].");
        }
    }
}
