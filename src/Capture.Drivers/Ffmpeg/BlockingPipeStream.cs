namespace Capture.Drivers.Ffmpeg;

/// <summary>Reads ffmpeg's stdout with blocking reads, even when asked asynchronously, so a camera's frames are read on its own thread.</summary>
/// <remarks>
/// An asynchronous pipe read completes through the socket engine's thread and then a thread-pool thread: two wake-ups
/// per frame. A blocking read wakes only the reading thread, and the whole read loop stays on it (the driver runs it
/// as a long-running task). A blocking read cannot see a cancellation token, so cancelling one kills ffmpeg, whose
/// closing pipe ends the read; the read then throws <see cref="OperationCanceledException"/>. On a thread-pool
/// thread it reads asynchronously, since blocking there would starve the pool; that leaves the pipe non-blocking for
/// good (later blocking reads wait on the socket engine), so the driver reads from the first byte on its own thread.
/// </remarks>
internal sealed class BlockingPipeStream(Stream pipe, Action kill) : Stream
{
    private static readonly Action<object?> s_kill = state => ((Action)state!)();

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => pipe.Read(buffer, offset, count);

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => pipe.Read(buffer);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            return pipe.ReadAsync(buffer, cancellationToken); // never block a pool thread: 96 cameras opening at once would starve it
        }

        cancellationToken.ThrowIfCancellationRequested();
        int read;
        using (cancellationToken.UnsafeRegister(s_kill, kill))
        {
            read = pipe.Read(buffer.Span);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(read);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            pipe.Dispose();
        }

        base.Dispose(disposing);
    }
}
