using System.Collections.Immutable;
using System.Text;
using Capture.Drivers.V4L2.Internal;

namespace Capture.Drivers.V4L2;

/// <summary>An open <c>/dev/video*</c> node: its controls (through ioctl) and MJPG streaming into mmap'ed buffers.</summary>
public sealed unsafe class V4L2Device : IV4L2Controls, IDisposable
{
    private const int BufferCount = 4;
    private readonly int _fd;
    private readonly List<(IntPtr Address, nuint Length)> _buffers = [];
    private bool _streaming;

    private V4L2Device(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    /// <summary>The device node.</summary>
    public string Path { get; }

    /// <summary>The card name the driver reports.</summary>
    public string Card { get; private set; } = string.Empty;

    /// <summary>Opens a device node that captures video with streaming I/O.</summary>
    /// <exception cref="IOException">It cannot be opened, or it is not a streaming capture device.</exception>
    public static V4L2Device Open(string path)
    {
        int fd = V4L2Native.Open(path, V4L2Native.OpenReadWrite | V4L2Native.OpenNonBlocking);
        if (fd < 0)
        {
            throw V4L2Native.Error($"open {path}");
        }

        var device = new V4L2Device(path, fd);
        try
        {
            V4L2Native.Capability capability;
            device.Ioctl(V4L2Native.QueryCapability, &capability, "VIDIOC_QUERYCAP");
            uint caps = (capability.Capabilities & V4L2Native.CapabilityDeviceCaps) != 0 ? capability.DeviceCaps : capability.Capabilities;
            if ((caps & V4L2Native.CapabilityVideoCapture) == 0 || (caps & V4L2Native.CapabilityStreaming) == 0)
            {
                throw new IOException($"{path} is not a streaming video capture device.");
            }

            device.Card = Text(capability.Card, 32);
            return device;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>The pixel formats the device offers (fourcc codes).</summary>
    public IReadOnlyList<uint> Formats()
    {
        var formats = new List<uint>();
        for (uint index = 0; ; index++)
        {
            var description = new V4L2Native.FormatDescription { Index = index, Type = V4L2Native.BufferTypeVideoCapture };
            if (V4L2Native.Ioctl(_fd, V4L2Native.EnumFormat, &description) < 0)
            {
                return formats;
            }

            formats.Add(description.PixelFormat);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<V4L2Control> Query()
    {
        var controls = new List<V4L2Control>();
        var query = new V4L2Native.QueryControlArgs { Id = V4L2Native.ControlFlagNextControl };
        while (V4L2Native.Ioctl(_fd, V4L2Native.QueryControl, &query) == 0)
        {
            if ((query.Flags & V4L2Native.ControlFlagDisabled) == 0 && query.Type is 1 or 2 or 3 or 9)
            {
                string type = query.Type switch { 1 => "int", 2 => "bool", 3 => "menu", _ => "intmenu" };
                var menu = type is "menu" ? Menu(query.Id, query.Minimum, query.Maximum) : ImmutableDictionary<int, string>.Empty;
                controls.Add(new V4L2Control(query.Id, Text(query.Name, 32), type, query.Minimum, query.Maximum, query.Step, query.DefaultValue, Get(query.Id), (query.Flags & V4L2Native.ControlFlagInactive) != 0, menu));
            }

            query.Id |= V4L2Native.ControlFlagNextControl;
        }

        return controls;
    }

    /// <inheritdoc />
    public int Get(uint id)
    {
        var control = new V4L2Native.Control { Id = id };
        Ioctl(V4L2Native.GetControl, &control, $"VIDIOC_G_CTRL 0x{id:x8}");
        return control.Value;
    }

    /// <inheritdoc />
    public void Set(uint id, int value)
    {
        var control = new V4L2Native.Control { Id = id, Value = value };
        Ioctl(V4L2Native.SetControl, &control, $"VIDIOC_S_CTRL 0x{id:x8}={value}");
    }

    /// <summary>Starts MJPG streaming at (or, as the driver decides, near) the given size; returns the size set.</summary>
    public (int Width, int Height) StartStreaming(int width, int height)
    {
        var format = new V4L2Native.Format { Type = V4L2Native.BufferTypeVideoCapture, Width = (uint)width, Height = (uint)height, PixelFormat = V4L2Native.PixelFormatMjpeg };
        Ioctl(V4L2Native.SetFormat, &format, "VIDIOC_S_FMT");
        if (format.PixelFormat != V4L2Native.PixelFormatMjpeg)
        {
            throw new IOException($"{Path} does not stream MJPG.");
        }

        var request = new V4L2Native.RequestBuffersArgs { Count = BufferCount, Type = V4L2Native.BufferTypeVideoCapture, Memory = V4L2Native.MemoryMmap };
        Ioctl(V4L2Native.RequestBuffers, &request, "VIDIOC_REQBUFS");
        for (uint index = 0; index < request.Count; index++)
        {
            var buffer = new V4L2Native.Buffer { Index = index, Type = V4L2Native.BufferTypeVideoCapture, Memory = V4L2Native.MemoryMmap };
            Ioctl(V4L2Native.QueryBuffer, &buffer, "VIDIOC_QUERYBUF");
            var address = V4L2Native.Mmap(IntPtr.Zero, buffer.Length, V4L2Native.ProtectionRead | V4L2Native.ProtectionWrite, V4L2Native.MapShared, _fd, buffer.Offset);
            if (address == new IntPtr(-1))
            {
                throw V4L2Native.Error("mmap");
            }

            _buffers.Add((address, buffer.Length));
            Ioctl(V4L2Native.QueueBuffer, &buffer, "VIDIOC_QBUF");
        }

        int type = (int)V4L2Native.BufferTypeVideoCapture;
        Ioctl(V4L2Native.StreamOn, &type, "VIDIOC_STREAMON");
        _streaming = true;
        return ((int)format.Width, (int)format.Height);
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for a frame; hands its bytes, sequence and timestamp to <paramref name="consume"/> and requeues the buffer.</summary>
    /// <returns>False when no frame came in time.</returns>
    public bool Dequeue(int timeoutMilliseconds, FrameConsumer consume)
    {
        ArgumentNullException.ThrowIfNull(consume);
        var poll = new V4L2Native.PollDescriptor { Descriptor = _fd, Events = 1 };
        int ready = V4L2Native.Poll(&poll, 1, timeoutMilliseconds);
        if (ready < 0)
        {
            throw V4L2Native.Error("poll");
        }

        if (ready == 0)
        {
            return false;
        }

        var buffer = new V4L2Native.Buffer { Type = V4L2Native.BufferTypeVideoCapture, Memory = V4L2Native.MemoryMmap };
        Ioctl(V4L2Native.DequeueBuffer, &buffer, "VIDIOC_DQBUF");
        try
        {
            var (address, _) = _buffers[(int)buffer.Index];
            var timestamp = TimeSpan.FromSeconds(buffer.TimestampSeconds) + TimeSpan.FromMicroseconds(buffer.TimestampMicroseconds);
            consume(new ReadOnlySpan<byte>((void*)address, (int)buffer.BytesUsed), buffer.Sequence, timestamp);
        }
        finally
        {
            Ioctl(V4L2Native.QueueBuffer, &buffer, "VIDIOC_QBUF");
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_streaming)
        {
            int type = (int)V4L2Native.BufferTypeVideoCapture;
            _ = V4L2Native.Ioctl(_fd, V4L2Native.StreamOff, &type);
            _streaming = false;
        }

        foreach (var (address, length) in _buffers)
        {
            _ = V4L2Native.Munmap(address, length);
        }

        _buffers.Clear();
        _ = V4L2Native.Close(_fd);
    }

    private ImmutableDictionary<int, string> Menu(uint id, int minimum, int maximum)
    {
        var menu = ImmutableDictionary.CreateBuilder<int, string>();
        for (int index = minimum; index <= maximum; index++)
        {
            var item = new V4L2Native.QueryMenuArgs { Id = id, Index = (uint)index };
            if (V4L2Native.Ioctl(_fd, V4L2Native.QueryMenu, &item) == 0)
            {
                menu[index] = Text(item.Name, 32);
            }
        }

        return menu.ToImmutable();
    }

    private void Ioctl(nuint request, void* argument, string operation)
    {
        if (V4L2Native.Ioctl(_fd, request, argument) < 0)
        {
            throw V4L2Native.Error($"{Path}: {operation}");
        }
    }

    private static string Text(byte* bytes, int length) => Encoding.ASCII.GetString(bytes, new ReadOnlySpan<byte>(bytes, length).IndexOf((byte)0) is >= 0 and var end ? end : length);
}

/// <summary>Receives one dequeued frame: its bytes (valid only during the call), the driver's sequence and timestamp.</summary>
public delegate void FrameConsumer(ReadOnlySpan<byte> data, uint sequence, TimeSpan deviceTimestamp);
