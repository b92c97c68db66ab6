using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Capture.TestSupport;

/// <summary>
/// A lock across the processes of this machine (<c>flock</c> on a file in the temp folder), for a resource the test
/// projects share while they run side by side: waited for without polling, let go when disposed or when its holder's
/// process ends, however it ends.
/// </summary>
public sealed partial class MachineLock : IDisposable
{
    private const int Exclusive = 2;           // LOCK_EX
    private const int Interrupted = 4;         // EINTR: a signal to the runtime woke the wait
    private const int ReadWriteCreate = 2 | 64; // O_RDWR | O_CREAT
    private const int Permissions = 0x1B6;     // 0666
    private readonly SafeFileHandle _file;

    private MachineLock(SafeFileHandle file) => _file = file;

    /// <summary>Waits up to <paramref name="timeout"/> for the lock called <paramref name="name"/>, and holds it.</summary>
    /// <exception cref="TimeoutException">Another holder kept it longer.</exception>
    public static MachineLock Acquire(string name, TimeSpan timeout)
    {
        // Opened by open(2), not FileStream: a FileStream takes a lock of its own at once and fails while another holds this one.
        string path = Path.Combine(Path.GetTempPath(), $"{name}.lock");
        int fd = Open(path, ReadWriteCreate, Permissions);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {path} (errno {Marshal.GetLastPInvokeError()}).");
        }

        var file = new SafeFileHandle(fd, ownsHandle: true);
        var waiting = Task.Factory.StartNew(() => Wait(file), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool granted;
        try
        {
            granted = waiting.Wait(timeout);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        if (!granted)
        {
            _ = waiting.ContinueWith(_ => file.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default); // let go as soon as it comes
            throw new TimeoutException($"'{name}' was held elsewhere for more than {timeout.TotalSeconds:0} s.");
        }

        return new MachineLock(file);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private static void Wait(SafeFileHandle file)
    {
        while (Flock(file, Exclusive) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                throw new IOException($"flock failed (errno {error}).");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
