using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Capture.Pipeline.Hosting;

/// <summary>Watches the rig's config file and applies camera changes while running, without touching unchanged cameras.</summary>
/// <remarks>
/// Polls the file's write time (editors that replace files defeat change notifications) and reloads once it has been
/// stable for a poll. A file that no longer parses is reported with its key and kept out: the rig runs on with the
/// last good settings.
/// </remarks>
public sealed partial class CaptureConfigWatcher(string path, ICaptureRig rig, ILogger<CaptureConfigWatcher> logger, TimeSpan? pollInterval = null) : BackgroundService
{
    private readonly string _full = Path.GetFullPath(path);

    // Taken when the host is built, right after the settings were loaded: ExecuteAsync runs later on its own task
    // (.NET 10), and an edit made in between must not be missed.
    private readonly DateTime _loadedWrite = File.GetLastWriteTimeUtc(Path.GetFullPath(path));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string full = _full;
        var lastWrite = _loadedWrite;
        DateTime? changing = null;
        using var timer = new PeriodicTimer(pollInterval ?? TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var write = File.GetLastWriteTimeUtc(full);
            if (write == lastWrite)
            {
                continue;
            }

            // Reload only once the file has stopped changing for a poll: an editor's save may be caught half-written.
            if (changing != write)
            {
                changing = write;
                continue;
            }

            (lastWrite, changing) = (write, null);
            try
            {
                var result = await rig.ReconfigureAsync(CaptureSettings.Load(full), stoppingToken).ConfigureAwait(false);
                Reloaded(logger, full, result.Added.Length, result.Removed.Length, result.Changed.Length);
            }
            catch (CaptureConfigurationException e)
            {
                Rejected(logger, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Rejected(logger, $"the rig did not take the new settings: {e.Message}"); // a reload never stops the service
            }
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Reloaded {File}: {Added} camera(s) added, {Removed} removed, {Changed} changed")]
    private static partial void Reloaded(ILogger logger, string file, int added, int removed, int changed);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Config change not applied, the rig keeps its last good settings: {Reason}")]
    private static partial void Rejected(ILogger logger, string reason);
}
