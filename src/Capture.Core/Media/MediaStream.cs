using System.Collections.Immutable;

namespace Capture.Core.Media;

/// <summary>A group of tracks, as <see cref="MediaDevices.GetUserMediaAsync"/> returns (W3C <c>MediaStream</c>).</summary>
public sealed class MediaStream
{
    private ImmutableArray<MediaStreamTrack> _tracks;

    /// <summary>Creates a stream of the given tracks.</summary>
    public MediaStream(IEnumerable<MediaStreamTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        _tracks = [.. tracks.Distinct()];
    }

    /// <summary>The stream's unique id.</summary>
    public string Id { get; } = Guid.NewGuid().ToString();

    /// <summary>True while any track is live.</summary>
    public bool Active => _tracks.Any(t => t.ReadyState == MediaStreamTrackState.Live);

    /// <summary>Every track.</summary>
    public IReadOnlyList<MediaStreamTrack> GetTracks() => _tracks;

    /// <summary>The video tracks.</summary>
    public IReadOnlyList<MediaStreamTrack> GetVideoTracks() => [.. _tracks.Where(t => t.Kind == MediaStreamTrack.VideoKind)];

    /// <summary>The audio tracks (always empty from this library's devices).</summary>
    public IReadOnlyList<MediaStreamTrack> GetAudioTracks() => [.. _tracks.Where(t => t.Kind == MediaStreamTrack.AudioKind)];

    /// <summary>The track with this id, or null.</summary>
    public MediaStreamTrack? GetTrackById(string trackId) => _tracks.FirstOrDefault(t => t.Id == trackId);

    /// <summary>Adds a track unless the stream already has it.</summary>
    public void AddTrack(MediaStreamTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        ImmutableInterlocked.Update(ref _tracks, list => list.Contains(track) ? list : list.Add(track));
    }

    /// <summary>Removes a track.</summary>
    public void RemoveTrack(MediaStreamTrack track) => ImmutableInterlocked.Update(ref _tracks, list => list.Remove(track));
}
