namespace AkkaOcr.Ocr.Tesseract;

/// <summary>
/// How the image Tesseract read relates to the image as sent: turned clockwise by <see cref="QuarterTurns"/>
/// quarters to stand upright, then turned clockwise by <see cref="DeskewDegrees"/> about its centre, keeping
/// its size. Words are reported on the image as sent, so that their boxes overlay the page the user sees;
/// this maps a box back.
/// </summary>
/// <param name="SentWidth">Width of the image as sent.</param>
/// <param name="SentHeight">Height of the image as sent.</param>
internal sealed record PageGeometry(int SentWidth, int SentHeight, int QuarterTurns, float DeskewDegrees)
{
    /// <summary>Width of the image read: a quarter turn swaps the sides.</summary>
    public int Width => QuarterTurns % 2 == 0 ? SentWidth : SentHeight;

    public int Height => QuarterTurns % 2 == 0 ? SentHeight : SentWidth;

    public bool IsIdentity => QuarterTurns == 0 && DeskewDegrees == 0;

    /// <summary>
    /// The box on the image as sent of a box (right and bottom exclusive) on the image read: the smallest
    /// upright box around the turned one, inside the image.
    /// </summary>
    public (int Left, int Top, int Right, int Bottom) ToSent(int left, int top, int right, int bottom)
    {
        if (DeskewDegrees != 0)
            (left, top, right, bottom) = Unskew(left, top, right, bottom);
        var (width, height) = (Width, Height);
        (left, top, right, bottom) = QuarterTurns switch
        {
            // Undoing a clockwise quarter turn: the read image's top edge was the sent image's left edge.
            1 => (top, width - right, bottom, width - left),
            2 => (width - right, height - bottom, width - left, height - top),
            3 => (height - bottom, left, height - top, right),
            _ => (left, top, right, bottom),
        };
        return (Math.Clamp(left, 0, SentWidth), Math.Clamp(top, 0, SentHeight), Math.Clamp(right, 0, SentWidth), Math.Clamp(bottom, 0, SentHeight));
    }

    /// <summary>Turns the box's corners back, anticlockwise about the centre, and bounds them.</summary>
    private (int Left, int Top, int Right, int Bottom) Unskew(int left, int top, int right, int bottom)
    {
        var radians = DeskewDegrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        var (centreX, centreY) = (Width / 2.0, Height / 2.0);
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var (x, y) in new[] { (left, top), (right, top), (left, bottom), (right, bottom) })
        {
            var (dx, dy) = (x - centreX, y - centreY);
            // With y pointing down, (cos, -sin; sin, cos) turns clockwise; its transpose turns back.
            var sentX = centreX + dx * cos + dy * sin;
            var sentY = centreY - dx * sin + dy * cos;
            (minX, minY, maxX, maxY) = (Math.Min(minX, sentX), Math.Min(minY, sentY), Math.Max(maxX, sentX), Math.Max(maxY, sentY));
        }
        // Rounding outwards, but not for the last bits of a sine that should be 0.
        const double slack = 1e-6;
        return ((int)Math.Floor(minX + slack), (int)Math.Floor(minY + slack), (int)Math.Ceiling(maxX - slack), (int)Math.Ceiling(maxY - slack));
    }
}
