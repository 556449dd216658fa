import FieldLabCore

extension Plot {
    /// The points as translucent anti-aliased dots on a plain background.
    ///
    /// Overlapping dots add up, so with `alpha < 1` dense regions read as
    /// brighter (a poor man's density that still shows every outlier).
    public static func scatter(_ points: [Point], viewport: Viewport, width: Int, height: Int,
                               color: RGB = Theme.point, background: RGB = Theme.background,
                               radius: Double = 1, alpha: Double = 0.6) -> Canvas {
        precondition(width > 0 && height > 0, "Scatter picture size must be positive, got \(width)×\(height)")
        var canvas = Canvas(width: width, height: height, background: background)
        drawPoints(points, on: &canvas, viewport: viewport, color: color, radius: radius, alpha: alpha)
        return canvas
    }

    /// Draws `points` as dots over an existing canvas (e.g. samples over a density).
    public static func drawPoints(_ points: [Point], on canvas: inout Canvas, viewport: Viewport,
                                  color: RGB = Theme.point, radius: Double = 1, alpha: Double = 0.6) {
        for p in points {
            canvas.drawDot(at: viewport.pixel(p, width: canvas.width, height: canvas.height),
                           radius: radius, color: color, alpha: alpha)
        }
    }
}
