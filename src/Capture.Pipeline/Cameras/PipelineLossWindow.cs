using Capture.Pipeline.Stages;

namespace Capture.Pipeline.Cameras;

/// <summary>Judges, once a window, whether a camera's pipeline lost frames: the rule behind <see cref="CameraHealth.Degraded"/>.</summary>
/// <remarks>A loss is a frame dropped for an error, a full queue or corruption; frames skipped by design (<see cref="DropReason.Decimated"/>) are not.</remarks>
internal sealed class PipelineLossWindow(TimeSpan window, double maxLoss, Func<DateTimeOffset> now)
{
    private static readonly DropReason[] s_losses = [DropReason.QueueFull, DropReason.Corrupt, DropReason.ProcessingFailed, DropReason.SinkFailed];
    private readonly Dictionary<StageMetrics, (long In, long Lost)> _start = [];
    private DateTimeOffset _startAt;
    private string? _verdict;

    /// <summary>What the pipeline lost in the last full window, in words; null when it lost nothing worth a word.</summary>
    public string? Check(IReadOnlyList<StageMetrics> stages)
    {
        var at = now();
        if (_start.Count != stages.Count || stages.Any(s => !_start.ContainsKey(s)))
        {
            Restart(stages, at);
            return _verdict = null;
        }

        if (at - _startAt < window)
        {
            return _verdict;
        }

        _verdict = null;
        foreach (var stage in stages)
        {
            var (startIn, startLost) = _start[stage];
            long lost = Lost(stage) - startLost;
            long seen = Math.Max(stage.FramesIn - startIn, lost);
            if (lost > 0 && lost >= maxLoss * seen)
            {
                string reasons = string.Join(", ", s_losses.Where(r => stage.Dropped(r) > 0).Select(r => r.ToString()));
                _verdict ??= $"{stage.Stage} lost {lost} of {seen} frames in the last {window.TotalSeconds:0.#} s ({reasons})";
            }
        }

        Restart(stages, at);
        return _verdict;
    }

    private void Restart(IReadOnlyList<StageMetrics> stages, DateTimeOffset at)
    {
        _start.Clear();
        foreach (var stage in stages)
        {
            _start[stage] = (stage.FramesIn, Lost(stage));
        }

        _startAt = at;
    }

    private static long Lost(StageMetrics stage) => s_losses.Sum(stage.Dropped);
}
