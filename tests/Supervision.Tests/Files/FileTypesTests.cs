using Supervision.Files;

namespace Supervision.Tests.Files;

/// <summary>A file's type is told from its first bytes, never from its name.</summary>
public sealed class FileTypesTests
{
    private static byte[] Ftyp(string brand) => [0, 0, 0, 0x18, .. "ftyp"u8.ToArray(), .. System.Text.Encoding.ASCII.GetBytes(brand), 0, 0, 0, 0];

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "application/pdf")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 3, 0 }, "audio/mpeg")]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }, "audio/mpeg")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0 }, null)]             // a Windows executable named .jpg
    [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C }, null)]    // <html
    [InlineData(new byte[] { 0xFF, 0xD8 }, null)]                       // too short to be a JPEG
    public void Known_signatures_are_recognised_and_everything_else_is_refused(byte[] head, string? expected) =>
        Assert.Equal(expected, FileTypes.Sniff(head));

    [Theory]
    [InlineData("heic", "image/heic")]
    [InlineData("mif1", "image/heic")]
    [InlineData("M4A ", "audio/mp4")]
    [InlineData("isom", "video/mp4")]
    [InlineData("mp42", "video/mp4")]
    [InlineData("3gp4", null)]
    public void Iso_media_files_are_told_apart_by_their_brand(string brand, string? expected) =>
        Assert.Equal(expected, FileTypes.Sniff(Ftyp(brand)));

    [Fact]
    public void A_hash_is_64_lower_case_hex_digits()
    {
        Assert.True(FileTypes.IsSha256(new string('a', 64)));
        Assert.False(FileTypes.IsSha256(new string('A', 64)));
        Assert.False(FileTypes.IsSha256(new string('a', 63)));
        Assert.False(FileTypes.IsSha256("../etc/passwd" + new string('a', 51)));
    }
}
