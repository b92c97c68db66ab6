using Capture.Pipeline.Cameras;
using Capture.Pipeline.Configuration;

namespace Capture.Pipeline.Tests.Cameras;

/// <summary>Health, back-off and outage accounting as a plain class on a clock the spec moves.</summary>
public sealed class CameraHealthMonitorSpecs
{
    private static readonly SupervisionSettings s_supervision = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), RandomFactor: 0.5, ResetAfter: TimeSpan.FromSeconds(60), FailedAfter: 3);
    private static readonly TimeSpan s_stall = TimeSpan.FromSeconds(2);
    private DateTimeOffset _now = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Stalled_should_follow_a_gap_longer_than_the_stall_timeout_and_clear_when_frames_resume()
    {
        var health = Monitor();
        health.Live();

        Assert.Null(At(1, () => health.Check(10, s_stall, null)));
        Assert.Null(At(3, () => health.Check(10, s_stall, null)));
        var stalled = At(3.5, () => health.Check(10, s_stall, null));
        Assert.Null(At(10, () => health.Check(10, s_stall, null)));
        var resumed = At(11, () => health.Check(11, s_stall, null));

        Assert.Equal((CameraHealth.Healthy, CameraHealth.Stalled), (stalled!.Value.Previous, stalled.Value.Current));
        Assert.Equal((CameraHealth.Stalled, CameraHealth.Healthy, "frames resumed"), (resumed!.Value.Previous, resumed.Value.Current, resumed.Value.Reason));
        Assert.Equal(1, health.Stalls.Count);
    }

    [Fact]
    public void Degraded_should_name_the_loss_and_clear_after_a_window_without_one()
    {
        var health = Monitor();
        health.Live();

        var degraded = At(1, () => health.Check(30, s_stall, "sink:video lost 30 of 30 frames"));
        var stillDegraded = At(2, () => health.Check(60, s_stall, "sink:video lost 29 of 30 frames"));
        var recovered = At(3, () => health.Check(90, s_stall, null));

        Assert.Equal(CameraHealth.Degraded, degraded!.Value.Current);
        Assert.Null(stillDegraded);
        Assert.Equal((CameraHealth.Degraded, CameraHealth.Healthy), (recovered!.Value.Previous, recovered.Value.Current));
        Assert.Null(health.Reason);
    }

    [Fact]
    public void A_stall_should_outrank_a_loss()
    {
        var health = Monitor();
        health.Live();
        At(1, () => health.Check(30, s_stall, "sink:video lost 30 of 30 frames"));

        var stalled = At(4, () => health.Check(30, s_stall, "sink:video lost 30 of 30 frames"));

        Assert.Equal(CameraHealth.Stalled, stalled!.Value.Current);
    }

    [Fact]
    public void Back_off_should_add_jitter_within_the_random_factor_and_count_an_outage_from_the_first_failure()
    {
        var health = Monitor(random: 1.0);
        health.Live();

        var (first, _) = At(5, () => health.Failed("gone"));
        var (second, change) = At(6.5, () => health.Failed("still gone"));
        At(9, () => health.Live());

        Assert.Equal(TimeSpan.FromSeconds(1.5), first);
        Assert.Equal(TimeSpan.FromSeconds(3), second);
        Assert.Null(change); // Reconnecting already
        Assert.Equal((1, TimeSpan.FromSeconds(4)), (health.Gaps.Count, health.Gaps.Total));
        Assert.Equal(2, health.Restarts.Count);
    }

    [Fact]
    public void Failures_should_reset_only_after_reset_after_of_health()
    {
        var health = Monitor();
        health.Failed("x");
        health.Failed("x");
        At(1, () => health.Live());

        At(59, () => health.Check(100, s_stall, null));
        int before = health.Failures;
        At(61.5, () => health.Check(200, s_stall, null));

        Assert.Equal((2, 0), (before, health.Failures));
    }

    [Fact]
    public void Restarts_should_leave_the_hour_window_after_an_hour()
    {
        var health = Monitor();
        health.Failed("x");

        At(3599, () => health.Live());
        int inside = health.Restarts.Count;
        At(3601, () => health.Live());

        Assert.Equal((1, 0), (inside, health.Restarts.Count));
    }

    private CameraHealthMonitor Monitor(double random = 0) => new(new CameraId("cam-1"), s_supervision, () => _now, () => random);

    private T At<T>(double seconds, Func<T> act)
    {
        _now = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds);
        return act();
    }
}
