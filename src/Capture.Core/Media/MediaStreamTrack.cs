using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Capture.Core.Frames;
using Capture.Core.Media.Internal;

namespace Capture.Core.Media;

/// <summary>A video track from a camera (W3C <c>MediaStreamTrack</c>): capabilities, constraints, settings, and its frames.</summary>
/// <remarks>
/// Obtained from <see cref="MediaDevices.GetUserMediaAsync"/> or <see cref="Clone"/>. Read its frames with a
/// <see cref="MediaStreamTrackProcessor"/>; take photos and grab frames with <see cref="Imaging.ImageCapture"/>.
/// Events are raised on the camera's capture thread.
/// </remarks>
public sealed class MediaStreamTrack
{
    /// <summary>The <see cref="Kind"/> of a camera track.</summary>
    public const string VideoKind = "video";

    /// <summary>The <see cref="Kind"/> of a microphone track.</summary>
    public const string AudioKind = "audio";

    private readonly CameraSource? _source;
    private readonly Lock _gate = new();
    private readonly Queue<PendingGrab> _grabs = new();
    private ImmutableArray<MediaStreamTrackProcessor> _processors = [];
    private MediaTrackConstraints _constraints;
    private MediaTrackSettings? _endedSettings;
    private FramePool? _blackFrames;
    private long _deliveredFrames;
    private long _discardedFrames;
    private long _lostFrames;
    private volatile bool _enabled;
    private volatile bool _muted;
    private volatile bool _isEnded;

    internal MediaStreamTrack(CameraSource source, MediaTrackConstraints constraints, bool panTiltZoom, bool enabled)
    {
        _source = source;
        _constraints = constraints;
        _enabled = enabled;
        PanTiltZoomAllowed = panTiltZoom;
        Kind = VideoKind;
        Label = source.Descriptor.Label;
    }

    private MediaStreamTrack(string kind, string label)
    {
        _constraints = new MediaTrackConstraints();
        _enabled = true;
        Kind = kind;
        Label = label;
    }

    /// <summary>Raised once when the track ends for a reason other than <see cref="Stop"/> (the device failed or went away).</summary>
    public event EventHandler? Ended;

    /// <summary>Raised when the source stops delivering frames.</summary>
    public event EventHandler? Mute;

    /// <summary>Raised when the source delivers frames again.</summary>
    public event EventHandler? Unmute;

    /// <summary>The track's unique id.</summary>
    public string Id { get; } = Guid.NewGuid().ToString();

    /// <summary>"video" for cameras.</summary>
    public string Kind { get; }

    /// <summary>The device's label.</summary>
    public string Label { get; }

    /// <summary>Whether frames flow; a disabled track delivers black frames and cannot grab frames.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>True while the source is unable to deliver frames.</summary>
    public bool Muted => _muted;

    /// <summary>Live until stopped or until the device ends it.</summary>
    public MediaStreamTrackState ReadyState => _isEnded ? MediaStreamTrackState.Ended : MediaStreamTrackState.Live;

    /// <summary>The error that ended the track, when the device failed.</summary>
    public Exception? EndedBy { get; private set; }

    /// <summary>How many frames the track received, how many its source discarded, and how many the device produced in all (lost ones too).</summary>
    public MediaStreamTrackVideoStats Stats
    {
        get
        {
            long delivered = Interlocked.Read(ref _deliveredFrames), discarded = Interlocked.Read(ref _discardedFrames);
            return new MediaStreamTrackVideoStats(delivered, discarded, delivered + discarded + Interlocked.Read(ref _lostFrames));
        }
    }

    internal bool PanTiltZoomAllowed { get; }

    internal CameraSource Source => _source ?? throw MediaException.NotSupported($"An {Kind} track has no camera.");

    /// <summary>What the source can do, as this track sees it.</summary>
    public MediaTrackCapabilities GetCapabilities()
    {
        if (_source is null)
        {
            return new MediaTrackCapabilities();
        }

        var caps = _source.Capabilities;
        return PanTiltZoomAllowed ? caps : caps with { Pan = null, Tilt = null, Zoom = null };
    }

    /// <summary>The constraints of the last successful <see cref="ApplyConstraintsAsync"/> (or of GetUserMedia), as given.</summary>
    public MediaTrackConstraints GetConstraints() => Volatile.Read(ref _constraints);

    /// <summary>The current value of every property; after the track ended, only deviceId, groupId and facingMode.</summary>
    public MediaTrackSettings GetSettings()
    {
        if (_isEnded)
        {
            return _endedSettings ?? new MediaTrackSettings();
        }

        return _source is null ? new MediaTrackSettings() : VisibleSettings(_source.Settings);
    }

    /// <summary>Replaces the track's constraints and moves the device to settings that satisfy them (W3C <c>applyConstraints</c>).</summary>
    /// <remarks>
    /// Calls complete in call order. An ended track completes without doing anything. Null means <c>{}</c>, which
    /// clears the constraints and leaves the device as it is.
    /// </remarks>
    /// <exception cref="OverconstrainedException">A required constraint cannot be met; constraints and settings are unchanged.</exception>
    /// <exception cref="ArgumentException">A value is not a finite number (the spec's TypeError).</exception>
    public Task ApplyConstraintsAsync(MediaTrackConstraints? constraints = null, CancellationToken cancellationToken = default)
    {
        constraints ??= new MediaTrackConstraints();
        try
        {
            ConstraintSolver.Validate(constraints);
        }
        catch (ArgumentException e)
        {
            return Task.FromException(e);
        }

        if (_isEnded || _source is null)
        {
            return Task.CompletedTask;
        }

        return _source.ApplyConstraintsAsync(this, constraints, cancellationToken);
    }

    /// <summary>A new track on the same camera with the same constraints, enabled state and ready state.</summary>
    public MediaStreamTrack Clone()
    {
        if (_source is null)
        {
            return new MediaStreamTrack(Kind, Label) { _isEnded = _isEnded };
        }

        var clone = _source.CreateTrack(GetConstraints(), PanTiltZoomAllowed, _enabled);
        if (_isEnded)
        {
            clone._endedSettings = _endedSettings;
            clone.Stop();
        }

        return clone;
    }

    /// <summary>Ends the track; the camera closes when no other track uses it. Does not raise <see cref="Ended"/>.</summary>
    public void Stop()
    {
        if (!MarkEnded(MediaException.Operation("The track was stopped.")))
        {
            return;
        }

        _source?.Detach(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} track {Id} ({Label}, {ReadyState})";

    /// <summary>Creates an audio track with no source, for code paths that must reject non-video tracks.</summary>
    internal static MediaStreamTrack CreateAudio(string label) => new(AudioKind, label);

    internal MediaTrackSettings VisibleSettings(MediaTrackSettings settings) =>
        PanTiltZoomAllowed ? settings : settings with { Pan = null, Tilt = null, Zoom = null };

    internal void SetConstraints(MediaTrackConstraints constraints) => Volatile.Write(ref _constraints, constraints);

    internal void AddProcessor(MediaStreamTrackProcessor processor)
    {
        lock (_gate)
        {
            if (_isEnded)
            {
                processor.Complete();
                return;
            }

            _processors = _processors.Add(processor);
        }
    }

    internal void RemoveProcessor(MediaStreamTrackProcessor processor)
    {
        lock (_gate)
        {
            _processors = _processors.Remove(processor);
        }
    }

    internal Task<VideoFrame> GrabFrameAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var grab = new PendingGrab(this, timeout, cancellationToken);
        lock (_gate)
        {
            if (_isEnded)
            {
                grab.Fail(MediaException.InvalidState("The track has ended."));
            }
            else
            {
                _grabs.Enqueue(grab);
            }
        }

        return grab.Task;
    }

    /// <summary>Hands a frame to this track's readers and to the oldest pending grab; called on the capture thread.</summary>
    internal void Deliver(VideoFrame frame)
    {
        if (_isEnded)
        {
            return;
        }

        Interlocked.Increment(ref _deliveredFrames);
        PendingGrab? grab = null;
        lock (_gate)
        {
            while (_grabs.TryDequeue(out var next))
            {
                if (!next.IsCompleted)
                {
                    grab = next;
                    break;
                }
            }
        }

        grab?.Complete(frame.AddRef());
        var processors = _processors;
        if (processors.IsEmpty)
        {
            return;
        }

        if (_enabled)
        {
            foreach (var processor in processors)
            {
                processor.Offer(frame);
            }

            return;
        }

        using var black = BlackFrame(frame);
        foreach (var processor in processors)
        {
            processor.Offer(black);
        }
    }

    internal void Discarded() => Interlocked.Increment(ref _discardedFrames);

    internal void Lost(long frames) => Interlocked.Add(ref _lostFrames, frames);

    internal void SetMuted(bool muted)
    {
        if (_isEnded || _muted == muted)
        {
            return;
        }

        _muted = muted;
        (muted ? Mute : Unmute)?.Invoke(this, EventArgs.Empty);
    }

    internal void EndFromSource(Exception? error, bool fireEvent)
    {
        if (MarkEnded(MediaException.Operation("The track ended because its camera failed.", error)))
        {
            EndedBy = error;
            if (fireEvent)
            {
                Ended?.Invoke(this, EventArgs.Empty);
            }
        }
    }

    private bool MarkEnded(MediaException pendingError)
    {
        ImmutableArray<MediaStreamTrackProcessor> processors;
        PendingGrab[] grabs;
        lock (_gate)
        {
            if (_isEnded)
            {
                return false;
            }

            var settings = _source is null ? new MediaTrackSettings() : _source.Settings;
            _endedSettings ??= new MediaTrackSettings { DeviceId = settings.DeviceId, GroupId = settings.GroupId, FacingMode = settings.FacingMode };
            _isEnded = true;
            processors = _processors;
            _processors = [];
            grabs = [.. _grabs];
            _grabs.Clear();
        }

        foreach (var processor in processors)
        {
            processor.Complete();
        }

        foreach (var grab in grabs)
        {
            grab.Fail(pendingError);
        }

        return true;
    }

    private VideoFrame BlackFrame(VideoFrame like)
    {
        _blackFrames ??= new FramePool(maxRetained: 4);
        var black = _blackFrames.Rent(like.Info, like.Length);
        var pixels = black.GetWritableSpan();
        if (like.Format is VideoPixelFormat.Bgra32 or VideoPixelFormat.Rgba32)
        {
            MemoryMarshal.Cast<byte, uint>(pixels).Fill(0xFF000000);
        }
        else
        {
            pixels.Clear();
        }

        return black;
    }

    /// <summary>One waiting <c>GrabFrameAsync</c>: resolved by the next frame, failed by its timeout or the track's end.</summary>
    private sealed class PendingGrab
    {
        private readonly TaskCompletionSource<VideoFrame> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _timeout;
        private readonly CancellationTokenRegistration _registration;

        public PendingGrab(MediaStreamTrack track, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _timeout.CancelAfter(timeout);
            _registration = _timeout.Token.Register(() =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    Cancel(cancellationToken);
                }
                else
                {
                    Fail(MediaException.Unknown($"No frame arrived from '{track.Label}' within {timeout.TotalSeconds:0.###} s."));
                }
            });
        }

        public Task<VideoFrame> Task => _result.Task;

        public bool IsCompleted => _result.Task.IsCompleted;

        public void Complete(VideoFrame frame)
        {
            if (!_result.TrySetResult(frame))
            {
                frame.Dispose();
            }

            Release();
        }

        public void Fail(Exception error)
        {
            _result.TrySetException(error);
            Release();
        }

        private void Cancel(CancellationToken token)
        {
            _result.TrySetCanceled(token);
            Release();
        }

        private void Release()
        {
            _registration.Dispose();

            // Not inline: this may run inside the source's own cancellation callback.
            ThreadPool.UnsafeQueueUserWorkItem(static source => source.Dispose(), _timeout, preferLocal: false);
        }
    }
}
