namespace AkkaOcr.Ocr.PaddleOcr;

/// <summary>A point in pixels; the geometry of text regions needs nothing more than this and a few operations.</summary>
internal readonly record struct PointF(float X, float Y)
{
    public float DistanceTo(PointF other) => MathF.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));

    public static PointF Lerp(PointF from, PointF to, float t) => new(from.X + (to.X - from.X) * t, from.Y + (to.Y - from.Y) * t);

    /// <summary>The z of the cross product (b - a) × (c - a): positive when a, b, c turn counter-clockwise in y-up axes.</summary>
    public static float Cross(PointF a, PointF b, PointF c) => (b.X - a.X) * (c.Y - a.Y) - (b.Y - a.Y) * (c.X - a.X);
}
