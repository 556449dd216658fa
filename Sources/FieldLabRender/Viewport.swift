import FieldLabCore

/// The region of the plane shown in a picture, mapping data coordinates to
/// pixels with `y` pointing up (the top row of the picture is `yRange.upperBound`).
public struct Viewport: Sendable, Equatable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>

    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        precondition(xRange.upperBound > xRange.lowerBound && yRange.upperBound > yRange.lowerBound,
                     "Viewport ranges must have positive width, got \(xRange) × \(yRange)")
        precondition(xRange.lowerBound.isFinite && xRange.upperBound.isFinite
                     && yRange.lowerBound.isFinite && yRange.upperBound.isFinite,
                     "Viewport ranges must be finite")
        self.xRange = xRange
        self.yRange = yRange
    }

    /// The square `[-halfWidth, halfWidth]²` around the origin.
    public static func centered(halfWidth: Double) -> Viewport {
        Viewport(xRange: -halfWidth ... halfWidth, yRange: -halfWidth ... halfWidth)
    }

    /// A viewport that shows `points`, robust to a few outliers.
    ///
    /// Per axis, the bounds are the 0.5 % and 99.5 % order statistics (the
    /// `⌊0.005 n⌋` smallest and largest values are ignored), widened by
    /// `margin` times the span on each side. A single stray sample (a diverged
    /// trajectory, one point at 1e6) therefore cannot shrink the data to a dot;
    /// for fewer than 200 points nothing is ignored. With `square`, the shorter
    /// side grows about its centre to the longer one, so a square picture
    /// keeps circles round. Empty or non-finite input gives `[-1, 1]²`; a
    /// degenerate axis (all values equal) gets a span of 1 (or the other
    /// axis's span).
    public static func fitting(_ points: [Point], margin: Double = 0.05, square: Bool = true) -> Viewport {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard !finite.isEmpty else { return .centered(halfWidth: 1) }
        let dropped = finite.count / 200
        func bounds(_ values: [Double]) -> (Double, Double) {
            let sorted = values.sorted()
            return (sorted[dropped], sorted[sorted.count - 1 - dropped])
        }
        var (x0, x1) = bounds(finite.map(\.x))
        var (y0, y1) = bounds(finite.map(\.y))
        var spanX = x1 - x0, spanY = y1 - y0
        if spanX <= 0 && spanY <= 0 { spanX = 1; spanY = 1 }
        else if spanX <= 0 { spanX = spanY }
        else if spanY <= 0 { spanY = spanX }
        if square { spanX = max(spanX, spanY); spanY = spanX }
        let cx = (x0 + x1) / 2, cy = (y0 + y1) / 2
        let halfX = spanX * (0.5 + margin), halfY = spanY * (0.5 + margin)
        x0 = cx - halfX; x1 = cx + halfX
        y0 = cy - halfY; y1 = cy + halfY
        return Viewport(xRange: x0 ... x1, yRange: y0 ... y1)
    }

    public var width: Double { xRange.upperBound - xRange.lowerBound }
    public var height: Double { yRange.upperBound - yRange.lowerBound }

    /// The same viewport grown along one axis so that a `width × height`
    /// pixel picture has the same data scale on both axes (circles stay round).
    public func matchingAspect(width pixelWidth: Int, height pixelHeight: Int) -> Viewport {
        precondition(pixelWidth > 0 && pixelHeight > 0, "Picture size must be positive")
        let pictureAspect = Double(pixelWidth) / Double(pixelHeight)
        let cx = (xRange.lowerBound + xRange.upperBound) / 2
        let cy = (yRange.lowerBound + yRange.upperBound) / 2
        var w = width, h = height
        if w / h < pictureAspect { w = h * pictureAspect } else { h = w / pictureAspect }
        return Viewport(xRange: cx - w / 2 ... cx + w / 2, yRange: cy - h / 2 ... cy + h / 2)
    }

    /// Continuous pixel coordinates of `p` in a `width × height` picture:
    /// `xRange.lowerBound` maps to the left edge (0), `yRange.upperBound` to
    /// the top edge (0); pixel `(i, j)` covers `[i, i + 1) × [j, j + 1)`.
    @inlinable
    public func pixel(_ p: Point, width pixelWidth: Int, height pixelHeight: Int) -> (Double, Double) {
        ((p.x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Double(pixelWidth),
         (yRange.upperBound - p.y) / (yRange.upperBound - yRange.lowerBound) * Double(pixelHeight))
    }

    /// The data point at continuous pixel coordinates `(px, py)` (inverse of `pixel`).
    public func point(atPixel px: Double, _ py: Double, width pixelWidth: Int, height pixelHeight: Int) -> Point {
        Point(xRange.lowerBound + px / Double(pixelWidth) * width,
              yRange.upperBound - py / Double(pixelHeight) * height)
    }
}
