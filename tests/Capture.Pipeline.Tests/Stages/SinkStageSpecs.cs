using System.Collections.Concurrent;
using System.Threading.Channels;
using Capture.Core.Frames;
using Capture.Pipeline.Stages;
using Capture.Pipeline.Tests.Infrastructure;

namespace Capture.Pipeline.Tests.Stages;

/// <summary>Where a sink's writes run: on the delivering thread when they touch only memory, on the pool when they may block.</summary>
public sealed class SinkStageSpecs
{
    private readonly FramePool _pool = new();

    [Fact]
    public async Task A_write_that_touches_only_memory_should_run_on_the_thread_that_delivered_the_frame()
    {
        var sink = new ThreadSink(inMemory: true);
        var (queue, metrics, stage) = Create(sink, new ChannelSettings(4, BoundedChannelFullMode.Wait));
        Task run = Task.CompletedTask;

        // Started on the writer's thread, the stage runs to its first wait before Start returns; each inline write
        // then returns to the writer only once the stage waits again, so every frame arrives while it waits.
        int writer = await OnOwnThreadAsync(() =>
        {
            run = stage.RunAsync(CancellationToken.None);
            for (int i = 0; i < 5; i++)
            {
                Assert.True(queue.Writer.TryWrite(TestFrames.Raw(_pool, i)));
            }
        });
        queue.Writer.Complete();
        await run;

        Assert.Equal(5, sink.Threads.Count);
        Assert.All(sink.Threads, thread => Assert.Equal(writer, thread));
        Assert.Equal(5, metrics.FramesOut);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task A_write_that_may_block_should_run_on_the_pool_and_a_stalled_sink_should_drop_and_count_without_holding_up_the_writer()
    {
        using var stalled = new ManualResetEventSlim(false);
        var sink = new ThreadSink(inMemory: false, stalled);
        var (queue, metrics, stage) = Create(sink, new ChannelSettings(2, BoundedChannelFullMode.DropOldest));
        Task run = Task.CompletedTask;

        int writer = await OnOwnThreadAsync(() =>
        {
            run = stage.RunAsync(CancellationToken.None);
            Assert.True(queue.Writer.TryWrite(TestFrames.Raw(_pool, 0)));
            Assert.True(sink.Writing.Wait(TimeSpan.FromSeconds(10))); // the first write is stuck on the disk
            for (int i = 1; i < 6; i++)
            {
                Assert.True(queue.Writer.TryWrite(TestFrames.Raw(_pool, i))); // never blocks: drop-oldest
            }
        });

        Assert.Equal(3, metrics.Dropped(DropReason.QueueFull)); // frames 1-3 went; 4 and 5 wait
        stalled.Set();
        queue.Writer.Complete();
        await run;

        Assert.Equal([0L, 4L, 5L], sink.Sequences);
        Assert.DoesNotContain(writer, sink.Threads);
        Assert.Equal(0, _pool.Outstanding);
    }

    private static (Channel<VideoFrame> Queue, StageMetrics Metrics, SinkStage Stage) Create(IFrameSink sink, ChannelSettings settings)
    {
        var metrics = new StageMetrics("cam-1", "sink:test");
        var queue = FrameChannel.Create(settings with { Inline = true }, metrics); // as CameraPipeline creates a sink's queue
        return (queue, metrics, new SinkStage(queue.Reader, sink, metrics));
    }

    /// <summary>Runs <paramref name="body"/> on a thread of its own (a camera's capture thread) and returns that thread's id.</summary>
    private static async Task<int> OnOwnThreadAsync(Action body)
    {
        int id = 0;
        await Task.Factory.StartNew(() => { id = Environment.CurrentManagedThreadId; body(); }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return id;
    }

    /// <summary>Records the thread of each write; its writes block while <c>stalled</c> is unset.</summary>
    private sealed class ThreadSink(bool inMemory, ManualResetEventSlim? stalled = null) : IFrameSink
    {
        public ConcurrentQueue<int> Threads { get; } = new();

        public List<long> Sequences { get; } = [];

        public string Name => "test";

        public SemaphoreSlim Writing { get; } = new(0);

        public bool WritesInMemory(VideoFrame frame) => inMemory;

        public ValueTask WriteAsync(VideoFrame frame, CancellationToken cancellationToken)
        {
            Threads.Enqueue(Environment.CurrentManagedThreadId);
            Sequences.Add(frame.Sequence);
            Writing.Release();
            stalled?.Wait(cancellationToken);
            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
