using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Supervision.IntegrationTests.Files;

/// <summary>Real JPEG photos made for tests: a decodable image with an EXIF block (orientation, time taken, GPS), built by hand.</summary>
public static class TestPhotos
{
    /// <summary>A <paramref name="width"/>×<paramref name="height"/> JPEG; with <paramref name="orientation"/>, time and position in its EXIF when given.</summary>
    public static byte[] Jpeg(int width, int height, ushort? orientation = null, DateTime? takenAt = null, (double Lat, double Lon)? position = null, int seed = 0)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(0, (byte)(seed * 37), 200)); // no red in the background: the mark is the only red
            using var paint = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 4f, height / 4f, paint); // a mark in the top-left corner
        }
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();
        if (orientation is null && takenAt is null && position is null) return jpeg;
        var exif = Exif(orientation ?? 1, takenAt, position);
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF; segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(exif.Length + 2));
        exif.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>"Exif\0\0" and a little-endian TIFF block: IFD0 (orientation, pointers), the Exif IFD (DateTimeOriginal), the GPS IFD.</summary>
    private static byte[] Exif(ushort orientation, DateTime? takenAt, (double Lat, double Lon)? position)
    {
        var tiff = new byte[512];
        "II"u8.CopyTo(tiff); BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42); BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        const int ifd0 = 8, exifIfd = 8 + 2 + 3 * 12 + 4, gpsIfd = exifIfd + 2 + 12 + 4, data = gpsIfd + 2 + 4 * 12 + 4;
        var next = data;
        void Entry(int at, ushort tag, ushort type, uint count, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), tag); BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 4), count); BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), value);
        }
        uint Rationals(double degrees)
        {
            var at = next;
            var d = (uint)Math.Floor(degrees); var m = (uint)Math.Floor((degrees - d) * 60); var s = (uint)Math.Round(((degrees - d) * 60 - m) * 60 * 100);
            foreach (var (n, den) in new[] { (d, 1u), (m, 1u), (s, 100u) })
            {
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(next), n); BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(next + 4), den); next += 8;
            }
            return (uint)at;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(ifd0), 3);
        Entry(ifd0 + 2, 0x0112, 3, 1, orientation);
        Entry(ifd0 + 14, 0x8769, 4, 1, exifIfd);
        Entry(ifd0 + 26, 0x8825, 4, 1, gpsIfd);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(exifIfd), 1);
        var time = Encoding.ASCII.GetBytes((takenAt ?? new DateTime(2026, 1, 1)).ToString("yyyy:MM:dd HH:mm:ss") + "\0");
        time.CopyTo(tiff, next);
        Entry(exifIfd + 2, 0x9003, 2, 20, (uint)next); next += 20;
        var (lat, lon) = position ?? (0, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(gpsIfd), (ushort)(position is null ? 0 : 4));
        if (position is not null)
        {
            Entry(gpsIfd + 2, 0x0001, 2, 2, 'N');
            Entry(gpsIfd + 14, 0x0002, 5, 3, Rationals(lat));
            Entry(gpsIfd + 26, 0x0003, 2, 2, 'E');
            Entry(gpsIfd + 38, 0x0004, 5, 3, Rationals(lon));
        }
        return [.. "Exif\0\0"u8, .. tiff[..next]];
    }
}
