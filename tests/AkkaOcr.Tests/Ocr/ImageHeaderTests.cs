using System.Buffers.Binary;
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
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(16), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(20), 100_000);

        Assert.Equal(10_000_000_000, ImageHeader.Read(bomb).Pixels);
    }

    [Fact]
    public void A_progressive_jpeg_as_encoders_write_it_is_accepted_and_one_of_a_hundred_and_one_scans_is_refused()
    {
        var progressive = TestImages.ProgressiveJpeg(Png);

        Assert.Equal(ImageRefusal.None, ImageHeader.Read(progressive).Refusal);
        Assert.Equal(ImageRefusal.None, ImageHeader.Read(HostileImages.JpegWithScans(progressive, JpegScans.MaxScans)).Refusal);
        Assert.Equal(ImageRefusal.TooManyJpegScans, ImageHeader.Read(HostileImages.JpegWithScans(progressive, JpegScans.MaxScans + 1)).Refusal);
    }

    [Fact]
    public void Pnm_comments_between_the_numbers_are_skipped() =>
        Assert.Equal((640, 480), ImageHeader.Read("P5\n# scanned\n640 480\n255\n"u8) is var h ? (h.Width, h.Height) : default);

    [Fact]
    public void A_gif_is_as_large_as_its_frame_whatever_its_logical_screen_claims()
    {
        var header = ImageHeader.Read(HostileImages.Gif(screen: (1, 1), (7000, 7000)));

        Assert.Equal((ImageFormat.Gif, 7000, 7000, ImageRefusal.None), (header.Format, header.Width, header.Height, header.Refusal));
    }

    [Fact]
    public void A_gif_is_as_large_as_its_logical_screen_when_the_frame_is_smaller() =>
        Assert.Equal(49_000_000, ImageHeader.Read(HostileImages.Gif(screen: (7000, 7000), (1, 1))).Pixels);

    [Fact]
    public void A_gif_with_two_frames_is_refused_as_multi_frame()
    {
        var header = ImageHeader.Read(HostileImages.Gif(screen: (10, 10), (10, 10), (10, 10)));

        Assert.Equal(ImageRefusal.MultiFrameGif, header.Refusal);
        Assert.False(header.HasDimensions);
    }

    [Fact]
    public void A_gif_block_chain_cut_anywhere_is_malformed()
    {
        var gif = HostileImages.Gif(screen: (10, 10), (10, 10));
        Assert.True(ImageHeader.Read(gif).HasDimensions);

        for (var length = 6; length < gif.Length; length++)
        {
            var header = ImageHeader.Read(gif.AsSpan(0, length));
            Assert.True(header is { Format: ImageFormat.Gif, HasDimensions: false, Refusal: ImageRefusal.None }, $"cut at {length}: {header}");
        }
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void A_gif_with_an_unknown_block_is_malformed(byte blockAfterTheFrame)
    {
        var gif = HostileImages.Gif(screen: (10, 10), (10, 10));
        gif[^1] = blockAfterTheFrame;

        Assert.False(ImageHeader.Read(gif).HasDimensions);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_multi_page_tiff_reports_its_largest_directory_and_is_accepted(bool littleEndian)
    {
        var header = ImageHeader.Read(HostileImages.Tiff(littleEndian, [(100, 50), (3000, 2000), (640, 480)]));

        Assert.Equal((ImageFormat.Tiff, 3000, 2000, ImageRefusal.None), (header.Format, header.Width, header.Height, header.Refusal));
    }

    [Fact]
    public void A_tiff_of_five_hundred_directories_is_accepted() =>
        Assert.True(ImageHeader.Read(HostileImages.Tiff(true, Enumerable.Repeat((1, 1), 500).ToList())).HasDimensions);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_tiff_of_ten_thousand_directories_is_refused(bool littleEndian)
    {
        var tiff = HostileImages.Tiff(littleEndian, Enumerable.Repeat((1, 1), 10_000).ToList());

        Assert.Equal(ImageRefusal.TooManyTiffDirectories, ImageHeader.Read(tiff).Refusal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_tiff_whose_directory_chain_loops_is_refused(int lastPointsBackTo)
    {
        var tiff = HostileImages.Tiff(true, [(10, 10), (10, 10), (10, 10)], lastPointsBackTo);

        Assert.Equal(ImageRefusal.TiffDirectoryLoop, ImageHeader.Read(tiff).Refusal);
    }

    [Fact]
    public void Tiff_offsets_outside_the_file_are_malformed()
    {
        var firstOutside = HostileImages.Tiff(true, [(10, 10)]);
        BinaryPrimitives.WriteUInt32LittleEndian(firstOutside.AsSpan(4), (uint)firstOutside.Length);
        var nextOutside = HostileImages.Tiff(false, [(10, 10), (10, 10)]);
        BinaryPrimitives.WriteUInt32BigEndian(nextOutside.AsSpan(nextOutside.Length - 4), uint.MaxValue);
        var entriesPastTheEnd = HostileImages.Tiff(true, [(10, 10)]);
        BinaryPrimitives.WriteUInt16LittleEndian(entriesPastTheEnd.AsSpan(8), 3);

        Assert.All([firstOutside, nextOutside, entriesPastTheEnd], tiff =>
            Assert.True(ImageHeader.Read(tiff) is { Format: ImageFormat.Tiff, HasDimensions: false, Refusal: ImageRefusal.None }));
    }

    [Fact]
    public void A_tiff_directory_without_its_height_is_malformed()
    {
        var tiff = HostileImages.Tiff(true, [(10, 10), (10, 10)]);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8 + 30 + 2 + 12), 258); // the second directory's height becomes BitsPerSample

        Assert.False(ImageHeader.Read(tiff).HasDimensions);
    }

    [Fact]
    public void Big_tiff_is_refused_as_unsupported() =>
        Assert.Equal(ImageRefusal.BigTiff, ImageHeader.Read([(byte)'I', (byte)'I', 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]).Refusal);

    [Fact]
    public void A_png_whose_data_inflates_past_its_rows_is_refused()
    {
        var header = ImageHeader.Read(HostileImages.PngWithHugeIdat(100, 100, inflatedBytes: 1 << 20));

        Assert.Equal((ImageFormat.Png, ImageRefusal.PngDataPastItsRows), (header.Format, header.Refusal));
        Assert.False(header.HasDimensions);
    }

    [Fact]
    public void A_png_stating_more_pixels_than_are_read_keeps_its_size_for_the_pixel_cap_and_its_data_is_not_inflated()
    {
        var header = ImageHeader.Read(HostileImages.PngWithHugeIdat(100, 100, inflatedBytes: 1 << 20), maxPixels: 5_000);

        Assert.Equal((10_000L, ImageRefusal.None), (header.Pixels, header.Refusal));
    }

    [Fact]
    public void A_png_whose_data_fills_its_rows_exactly_is_accepted()
    {
        const int rowWithFilterByte = 100 + 1;
        var header = ImageHeader.Read(HostileImages.PngWithHugeIdat(100, 100, inflatedBytes: 100 * rowWithFilterByte));

        Assert.Equal((100, 100, ImageRefusal.None), (header.Width, header.Height, header.Refusal));
    }

    [Fact]
    public void An_interlaced_png_is_accepted()
    {
        var header = ImageHeader.Read(TestImages.Interlaced(Png));

        Assert.Equal((ImageHeader.Read(Png).Width, ImageRefusal.None), (header.Width, header.Refusal));
    }

    [Fact]
    public void A_png_cut_short_in_its_data_is_left_to_the_decoder() =>
        Assert.True(ImageHeader.Read(Png[..(Png.Length / 2)]) is { HasDimensions: true, Refusal: ImageRefusal.None });
}
