namespace Capture.Benchmarks;

/// <summary>One side of a comparison: its raw frames, CPU seconds (the process, or the process and its children) and wall seconds.</summary>
internal sealed record RunSide(long Frames, double CpuSeconds, double WallSeconds, double FramesPerCpuSecond)
{
    public static RunSide Of(long frames, double cpu, double wall) =>
        new(frames, Math.Round(cpu, 2), Math.Round(wall, 2), Math.Round(frames / Math.Max(cpu, 1e-6), 1));
}
