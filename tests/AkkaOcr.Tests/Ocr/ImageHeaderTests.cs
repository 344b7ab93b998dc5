using AkkaOcr.Gateway.Ocr.Images;

namespace AkkaOcr.Tests.Ocr;

/// <summary>Format and size are read from the first bytes, for every accepted format, without decoding.</summary>
public sealed class ImageHeaderTests
{
    private static readonly byte[] Png = TestImages.Line("Header check");

    [Theory]
    [InlineData("png", ImageFormat.Png)]
    [InlineData("jpeg", ImageFormat.Jpeg)]
    [InlineData("tiff", ImageFormat.Tiff)]
    [InlineData("bmp", ImageFormat.Bmp)]
    [InlineData("gif", ImageFormat.Gif)]
    [InlineData("webp", ImageFormat.WebP)]
    [InlineData("pnm", ImageFormat.Pnm)]
    public void Every_accepted_format_is_recognized_with_its_dimensions(string format, ImageFormat expected)
    {
        var original = ImageHeader.Read(Png);
        var header = ImageHeader.Read(format == "png" ? Png : TestImages.Reencoded(Png, format));

        Assert.Equal(expected, header.Format);
        Assert.Equal((original.Width, original.Height), (header.Width, header.Height));
        Assert.True(header.Width > 100 && header.Height > 20);
    }

    [Theory]
    [InlineData("just some text")]
    [InlineData("%PDF-1.7")]
    [InlineData("PK\u0003\u0004 a zip archive")]
    [InlineData("")]
    public void Anything_else_is_unknown_whatever_its_name(string content) =>
        Assert.Equal(ImageFormat.Unknown, ImageHeader.Read(System.Text.Encoding.ASCII.GetBytes(content)).Format);

    [Fact]
    public void A_header_cut_short_has_a_format_but_no_dimensions()
    {
        var header = ImageHeader.Read(Png.AsSpan(0, 20));

        Assert.Equal(ImageFormat.Png, header.Format);
        Assert.False(header.HasDimensions);
    }

    [Fact]
    public void A_few_bytes_can_claim_ten_gigapixels()
    {
        var bomb = Png[..64];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(16), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(20), 100_000);

        Assert.Equal(10_000_000_000, ImageHeader.Read(bomb).Pixels);
    }

    [Fact]
    public void Pnm_comments_between_the_numbers_are_skipped() =>
        Assert.Equal((640, 480), ImageHeader.Read("P5\n# scanned\n640 480\n255\n"u8) is var h ? (h.Width, h.Height) : default);
}
