namespace Capture.Benchmarks;

/// <summary>The shipped service's per-stage counters (GET /api/cameras/{id}/pipeline), read at both ends of a measured window.</summary>
internal static class StageCounters
{
    /// <summary>Every stage of every camera, read through the service's API.</summary>
    public static async Task<List<ShippedService.StageCounts>> ReadAsync(ShippedService service, IEnumerable<string> cameras)
    {
        var stages = new List<ShippedService.StageCounts>();
        foreach (var camera in cameras)
        {
            stages.AddRange(await service.PipelineAsync(camera));
        }

        return stages;
    }

    /// <summary>Frames out of every <paramref name="stage"/> in <paramref name="stages"/>.</summary>
    public static long FramesOut(IEnumerable<ShippedService.StageCounts> stages, string stage) => stages.Where(s => s.Stage == stage).Sum(s => s.FramesOut);

    /// <summary>Frames dropped between two readings, by "stage:reason" (decimation is not a drop).</summary>
    public static Dictionary<string, long> DropsBetween(IEnumerable<ShippedService.StageCounts> before, IEnumerable<ShippedService.StageCounts> after)
    {
        var drops = Drops(after);
        foreach (var (where, earlier) in Drops(before))
        {
            drops[where] -= earlier;
        }

        return drops;
    }

    private static Dictionary<string, long> Drops(IEnumerable<ShippedService.StageCounts> stages)
    {
        var drops = new Dictionary<string, long>();
        foreach (var stage in stages)
        {
            foreach (var (reason, count) in stage.Dropped.Where(d => !d.Key.Equals("decimated", StringComparison.OrdinalIgnoreCase)))
            {
                drops[$"{stage.Stage}:{reason}"] = drops.GetValueOrDefault($"{stage.Stage}:{reason}") + count;
            }
        }

        return drops;
    }
}
