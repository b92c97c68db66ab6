using System.Runtime.InteropServices;

namespace Capture.Drivers.V4L2.Internal;

/// <summary>The thin layer over the kernel: <c>open</c>/<c>ioctl</c>/<c>mmap</c> and the V4L2 structs, laid out as <c>linux/videodev2.h</c> (x86-64).</summary>
/// <remarks>Sizes and offsets are checked against the kernel headers by a spec that compiles a C probe with them.</remarks>
internal static unsafe partial class V4L2Native
{
    public const uint BufferTypeVideoCapture = 1;
    public const uint MemoryMmap = 1;
    public const uint CapabilityVideoCapture = 0x00000001;
    public const uint CapabilityStreaming = 0x04000000;
    public const uint CapabilityDeviceCaps = 0x80000000;
    public const uint PixelFormatMjpeg = 'M' | ('J' << 8) | ('P' << 16) | ('G' << 24);
    public const uint ControlFlagDisabled = 0x0001;
    public const uint ControlFlagInactive = 0x0010;
    public const uint ControlFlagNextControl = 0x80000000;

    public const int OpenReadWrite = 2;
    public const int OpenNonBlocking = 0x800;
    public const int ProtectionRead = 1;
    public const int ProtectionWrite = 2;
    public const int MapShared = 1;

    public static readonly nuint QueryCapability = Read('V', 0, sizeof(Capability));
    public static readonly nuint EnumFormat = ReadWrite('V', 2, sizeof(FormatDescription));
    public static readonly nuint SetFormat = ReadWrite('V', 5, sizeof(Format));
    public static readonly nuint RequestBuffers = ReadWrite('V', 8, sizeof(RequestBuffersArgs));
    public static readonly nuint QueryBuffer = ReadWrite('V', 9, sizeof(Buffer));
    public static readonly nuint QueueBuffer = ReadWrite('V', 15, sizeof(Buffer));
    public static readonly nuint DequeueBuffer = ReadWrite('V', 17, sizeof(Buffer));
    public static readonly nuint StreamOn = Write('V', 18, sizeof(int));
    public static readonly nuint StreamOff = Write('V', 19, sizeof(int));
    public static readonly nuint GetControl = ReadWrite('V', 27, sizeof(Control));
    public static readonly nuint SetControl = ReadWrite('V', 28, sizeof(Control));
    public static readonly nuint QueryControl = ReadWrite('V', 36, sizeof(QueryControlArgs));
    public static readonly nuint QueryMenu = ReadWrite('V', 37, sizeof(QueryMenuArgs));

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial IntPtr Mmap(IntPtr address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(IntPtr address, nuint length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>The last call's error as an exception naming the operation.</summary>
    public static IOException Error(string operation) =>
        new($"{operation}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    // _IOC(dir, type, nr, size) = dir << 30 | size << 16 | type << 8 | nr
    private static nuint Read(char type, int number, int size) => Ioc(2, type, number, size);

    private static nuint Write(char type, int number, int size) => Ioc(1, type, number, size);

    private static nuint ReadWrite(char type, int number, int size) => Ioc(3, type, number, size);

    private static nuint Ioc(uint direction, char type, int number, int size) =>
        (nuint)((direction << 30) | ((uint)size << 16) | ((uint)type << 8) | (uint)number);

    /// <summary>struct v4l2_capability.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Capability
    {
        public fixed byte Driver[16];
        public fixed byte Card[32];
        public fixed byte BusInfo[32];
        public uint Version;
        public uint Capabilities;
        public uint DeviceCaps;
        public fixed uint Reserved[3];
    }

    /// <summary>struct v4l2_queryctrl.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct QueryControlArgs
    {
        public uint Id;
        public uint Type;
        public fixed byte Name[32];
        public int Minimum;
        public int Maximum;
        public int Step;
        public int DefaultValue;
        public uint Flags;
        public fixed uint Reserved[2];
    }

    /// <summary>struct v4l2_querymenu (packed: a name or a 64-bit value in one union).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct QueryMenuArgs
    {
        public uint Id;
        public uint Index;
        public fixed byte Name[32];
        public uint Reserved;
    }

    /// <summary>struct v4l2_control.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Control
    {
        public uint Id;
        public int Value;
    }

    /// <summary>struct v4l2_fmtdesc.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FormatDescription
    {
        public uint Index;
        public uint Type;
        public uint Flags;
        public fixed byte Description[32];
        public uint PixelFormat;
        public uint MbusCode;
        public fixed uint Reserved[3];
    }

    /// <summary>struct v4l2_format with its v4l2_pix_format member (the union is 200 bytes, 8-aligned).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 208)]
    public struct Format
    {
        [FieldOffset(0)] public uint Type;
        [FieldOffset(8)] public uint Width;
        [FieldOffset(12)] public uint Height;
        [FieldOffset(16)] public uint PixelFormat;
        [FieldOffset(20)] public uint Field;
        [FieldOffset(24)] public uint BytesPerLine;
        [FieldOffset(28)] public uint SizeImage;
    }

    /// <summary>struct v4l2_requestbuffers.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RequestBuffersArgs
    {
        public uint Count;
        public uint Type;
        public uint Memory;
        public uint Capabilities;
        public byte Flags;
        public fixed byte Reserved[3];
    }

    /// <summary>struct v4l2_buffer (x86-64: timeval of two longs, the memory union 8 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 88)]
    public struct Buffer
    {
        [FieldOffset(0)] public uint Index;
        [FieldOffset(4)] public uint Type;
        [FieldOffset(8)] public uint BytesUsed;
        [FieldOffset(12)] public uint Flags;
        [FieldOffset(16)] public uint Field;
        [FieldOffset(24)] public long TimestampSeconds;
        [FieldOffset(32)] public long TimestampMicroseconds;
        [FieldOffset(56)] public uint Sequence;
        [FieldOffset(60)] public uint Memory;
        [FieldOffset(64)] public uint Offset;
        [FieldOffset(72)] public uint Length;
    }
}
