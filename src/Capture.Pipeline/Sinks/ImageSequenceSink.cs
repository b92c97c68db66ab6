using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Capture.Core.Frames;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Sinks;

/// <summary>Writes each JPEG, PNG or QOI frame to its own file with a JSON-lines sidecar of timestamps: the lab-rig format.</summary>
/// <remarks>
/// Layout: <c>{root}/{camera}/images/{yyyy-MM-dd}/{HHmmss-fff}-{sequence:D12}.jpg</c> (or <c>.png</c>, <c>.qoi</c>) and, beside them, <c>frames-{HHmmss}.jsonl</c>
/// with one line a frame: sequence, file, UTC, host monotonic and device timestamps, and how many frames the camera
/// produced since the previous line that were not written (dropped before). Images are written under a temporary
/// name and renamed when complete; the sidecar is <c>.jsonl.part</c> until the sink completes or the day rolls over,
/// so no final name ever holds a partial file.
/// </remarks>
internal sealed class ImageSequenceSink : IFrameSink, IDisposable
{
    private const int RetentionEvery = 300;

    private readonly string _root;
    private readonly CameraId _camera;
    private readonly RetentionSettings _retention;
    private readonly ArrayBufferWriter<byte> _line = new(512);
    private readonly Utf8JsonWriter _json;
    private FileStream? _sidecar;
    private string? _sidecarPath;
    private DateOnly _day;
    private string _folder = string.Empty;
    private long _lastSequence = -1;
    private long _written;

    /// <summary>Records camera <paramref name="camera"/> under <paramref name="root"/>.</summary>
    public ImageSequenceSink(string root, CameraId camera, RetentionSettings? retention = null)
    {
        _root = Path.GetFullPath(root);
        _camera = camera;
        _retention = retention ?? RetentionSettings.KeepAll;
        _json = new Utf8JsonWriter(_line);
    }

    /// <inheritdoc />
    public string Name => "images";

    /// <inheritdoc />
    public async ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        string extension = frame.Format switch
        {
            VideoPixelFormat.Jpeg => ".jpg",
            VideoPixelFormat.Png => ".png",
            VideoPixelFormat.Qoi => ".qoi",
            _ => throw new InvalidOperationException($"The images sink stores JPEG, PNG or QOI frames; camera '{_camera}' delivers {frame.Format} (add an encode stage)."),
        };

        var day = DateOnly.FromDateTime(frame.Info.UtcTime);
        if (_sidecar is null || day != _day)
        {
            await StartDayAsync(day, frame.Info.UtcTime).ConfigureAwait(false);
        }

        // The capture time leads the name: sequence numbers restart with the process, times do not, so a restart never overwrites a finished image.
        string name = string.Create(CultureInfo.InvariantCulture, $"{frame.Info.UtcTime:HHmmss-fff}-{frame.Sequence:D12}{extension}");
        string final = Path.Combine(_folder, name);
        string temporary = final + ".tmp";
        try
        {
            using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write))
            {
                await RandomAccess.WriteAsync(handle, frame.Memory, 0, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, File.Exists(final) ? RecordingFiles.Unique(final) : final, overwrite: false);
        }
        catch
        {
            File.Delete(temporary); // a full disk must not fill the folder with empty temporary files
            throw;
        }

        await AppendSidecarAsync(frame, name, cancellationToken).ConfigureAwait(false);
        if (++_written % RetentionEvery == 0)
        {
            Retention.Apply(_root, _retention, DateTime.UtcNow);
        }
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(CancellationToken cancellationToken) => await FinishSidecarAsync().ConfigureAwait(false);

    /// <summary>Completes the sink if it was not, and releases its writer.</summary>
    public void Dispose()
    {
        FinishSidecarAsync().GetAwaiter().GetResult();
        _json.Dispose();
    }

    private async Task StartDayAsync(DateOnly day, DateTime utc)
    {
        await FinishSidecarAsync().ConfigureAwait(false);
        _day = day;
        _folder = Directory.CreateDirectory(Path.Combine(_root, _camera.Value, "images", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).FullName;
        _sidecarPath = RecordingFiles.Unique(Path.Combine(_folder, $"frames-{utc:HHmmss}.jsonl")) + RecordingFiles.Partial;
        _sidecar = new FileStream(_sidecarPath, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
    }

    private async Task AppendSidecarAsync(VideoFrame frame, string file, CancellationToken cancellationToken)
    {
        var info = frame.Info;
        _line.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("sequence", info.Sequence);
        _json.WriteString("file", file);
        _json.WriteString("utc", info.UtcTime);
        _json.WriteNumber("hostTimestampTicks", info.HostTimestamp);
        if (info.DeviceTimestamp is { } device)
        {
            _json.WriteNumber("deviceTimestampMs", device.TotalMilliseconds);
        }

        _json.WriteNumber("droppedBefore", _lastSequence < 0 ? 0 : Math.Max(0, info.Sequence - _lastSequence - 1));
        _json.WriteEndObject();
        _json.Flush();
        _line.Write("\n"u8);
        _lastSequence = info.Sequence;
        await _sidecar!.WriteAsync(_line.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await _sidecar.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FinishSidecarAsync()
    {
        if (_sidecar is null)
        {
            return;
        }

        await _sidecar.DisposeAsync().ConfigureAwait(false);
        _sidecar = null;
        RecordingFiles.Complete(_sidecarPath!);
    }
}
