using SkiaSharp;
using Supervision.Files;

namespace Supervision.Tests.Files;

/// <summary>
/// Issue 16 §1: a photo's thumbnail is at most 320 px on its longer side, in the photo's proportions; a large photo is decoded
/// scaled down by the JPEG decoder (its pixels are never all in memory), and what is not an image gets no thumbnail.
/// </summary>
public sealed class ThumbnailTests
{
    private static byte[] Jpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 10f, height / 10f, red); // the top-left corner, to see the picture is not turned
        }
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    [Theory]
    [InlineData(6000, 4000, 320, 213)] // a 24-megapixel camera photo: decoded at 1/8, then scaled
    [InlineData(3000, 4000, 240, 320)] // portrait
    [InlineData(200, 100, 200, 100)]   // small: never enlarged
    public void A_thumbnail_keeps_the_photos_proportions_within_320_pixels(int width, int height, int thumbWidth, int thumbHeight)
    {
        var thumbnail = EvidenceFiles.Thumbnail(new MemoryStream(Jpeg(width, height)));
        using var decoded = SKBitmap.Decode(thumbnail);
        Assert.Equal((thumbWidth, thumbHeight), (decoded.Width, decoded.Height));
        Assert.True(decoded.GetPixel(2, 2).Red > 200, "the red corner stays top-left");
        Assert.True(decoded.GetPixel(decoded.Width - 3, decoded.Height - 3).Red < 100);
    }

    [Fact]
    public void What_is_not_an_image_has_no_thumbnail()
    {
        Assert.Null(EvidenceFiles.Thumbnail(new MemoryStream("%PDF-1.7 not a photo"u8.ToArray())));
        Assert.Null(EvidenceFiles.Thumbnail(new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])));
    }
}
