/// Anti-aliased lines and polylines.
///
/// A stroke of width `w` is the set of points within `w / 2` of the path (a
/// capsule per segment, round joins and caps). A pixel's coverage is
/// approximated from the distance `d` of its centre to the path as
/// `clamp(w / 2 + 0.5 − d, 0, 1)`, which is exact for a box-filtered straight
/// edge and gives clean, even lines at any angle. Strokes thinner than one
/// pixel are drawn one pixel wide at proportionally lower opacity.
///
/// A polyline is rasterised into a coverage buffer first, taking the largest
/// coverage of any segment at each pixel, and blended once: joints of a
/// translucent path do not come out darker than its segments.
extension Canvas {
    /// Draws a straight line between two points in pixel coordinates.
    public mutating func drawLine(from start: (Double, Double), to end: (Double, Double),
                                  color: RGB, alpha: Double = 1, thickness: Double = 1) {
        drawPolyline([start, end], color: color, alpha: alpha, thickness: thickness)
    }

    /// Draws connected segments through `points` in one colour.
    public mutating func drawPolyline(_ points: [(Double, Double)], color: RGB,
                                      alpha: Double = 1, thickness: Double = 1) {
        guard points.count >= 2 else { return }
        stroke(points, segmentColors: [color], alpha: alpha, thickness: thickness)
    }

    /// Draws connected segments through `points`, segment `i` (from point `i`
    /// to `i + 1`) in `segmentColors[i]` (e.g. colour by time along a path).
    public mutating func drawPolyline(_ points: [(Double, Double)], segmentColors: [RGB],
                                      alpha: Double = 1, thickness: Double = 1) {
        guard points.count >= 2 else { return }
        precondition(segmentColors.count == points.count - 1,
                     "drawPolyline needs \(points.count - 1) segment colours, got \(segmentColors.count)")
        stroke(points, segmentColors: segmentColors, alpha: alpha, thickness: thickness)
    }

    /// Shared rasteriser. `segmentColors` has one entry (all segments) or one per segment.
    private mutating func stroke(_ points: [(Double, Double)], segmentColors: [RGB],
                                 alpha: Double, thickness: Double) {
        guard alpha > 0, thickness > 0, width > 0, height > 0,
              points.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) else { return }
        let halfWidth = max(thickness, 1) / 2
        let strength = min(thickness, 1)
        let reach = halfWidth + 0.5        // beyond this distance a pixel gets no coverage

        // Bounding box of the path, grown by the reach and clipped to the canvas.
        var minX = Double.infinity, minY = Double.infinity
        var maxX = -Double.infinity, maxY = -Double.infinity
        for p in points {
            minX = min(minX, p.0); maxX = max(maxX, p.0)
            minY = min(minY, p.1); maxY = max(maxY, p.1)
        }
        let x0 = Canvas.pixelIndex((minX - reach).rounded(.down))
        let y0 = Canvas.pixelIndex((minY - reach).rounded(.down))
        let x1 = Canvas.pixelIndex((maxX + reach).rounded(.up))
        let y1 = Canvas.pixelIndex((maxY + reach).rounded(.up))
        let area = PixelRect(x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1)
            .clipped(width: width, height: height)
        guard area.width > 0, area.height > 0 else { return }

        var coverage = [Float](repeating: 0, count: area.width * area.height)
        var owner = [Int32](repeating: 0, count: area.width * area.height)

        let clipBox = (x0: Double(area.x) - reach, y0: Double(area.y) - reach,
                       x1: Double(area.x + area.width) + reach, y1: Double(area.y + area.height) + reach)
        for s in 0 ..< points.count - 1 {
            // Only the part of the segment that can touch the area matters;
            // clipping first also keeps far-away coordinates from overflowing
            // the squared length below.
            guard let clipped = Canvas.clip(points[s], points[s + 1], to: clipBox) else { continue }
            let (ax, ay) = clipped.0, (bx, by) = clipped.1
            let dx = bx - ax, dy = by - ay
            let lengthSquared = dx * dx + dy * dy
            let length = lengthSquared.squareRoot()
            let rowLow = max(area.y, Canvas.pixelIndex((min(ay, by) - reach).rounded(.down)))
            let rowHigh = min(area.y + area.height - 1, Canvas.pixelIndex((max(ay, by) + reach).rounded(.up)))
            guard rowLow <= rowHigh else { continue }
            let segLowX = min(ax, bx) - reach, segHighX = max(ax, bx) + reach
            for row in rowLow ... rowHigh {
                let cy = Double(row) + 0.5
                // Columns whose centres can be within `reach` of the segment:
                // the strip around the infinite line, cut by the segment's box.
                var lo = segLowX, hi = segHighX
                if abs(dy) > 1e-12 {
                    let xAtRow = ax + (cy - ay) * dx / dy
                    let half = reach * length / abs(dy)
                    lo = max(lo, xAtRow - half); hi = min(hi, xAtRow + half)
                }
                let colLow = max(area.x, Canvas.pixelIndex((lo - 0.5).rounded(.down)))
                let colHigh = min(area.x + area.width - 1, Canvas.pixelIndex((hi - 0.5).rounded(.up)))
                guard colLow <= colHigh else { continue }
                let bufferRow = (row - area.y) * area.width - area.x
                for col in colLow ... colHigh {
                    let cx = Double(col) + 0.5
                    // Distance from the pixel centre to the segment.
                    var t = lengthSquared > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / lengthSquared : 0
                    t = min(max(t, 0), 1)
                    let ex = cx - (ax + t * dx), ey = cy - (ay + t * dy)
                    let d = (ex * ex + ey * ey).squareRoot()
                    let c = Float(min(max(halfWidth + 0.5 - d, 0), 1) * strength)
                    let k = bufferRow + col
                    if c > coverage[k] {
                        coverage[k] = c
                        owner[k] = Int32(s)
                    }
                }
            }
        }

        for row in 0 ..< area.height {
            for col in 0 ..< area.width {
                let k = row * area.width + col
                let c = coverage[k]
                guard c > 0 else { continue }
                let color = segmentColors.count == 1 ? segmentColors[0] : segmentColors[Int(owner[k])]
                let i = (area.y + row) * width + area.x + col
                pixels[i] = pixels[i].blended(with: color, alpha: alpha * Double(c))
            }
        }
    }

    /// The part of segment `a`–`b` inside the box (Liang–Barsky), or nil if
    /// none. A clipped end is placed exactly on the box edge that cut it, so
    /// even a segment between ±1e300 clips to the right place.
    static func clip(_ a: (Double, Double), _ b: (Double, Double),
                     to box: (x0: Double, y0: Double, x1: Double, y1: Double)) -> ((Double, Double), (Double, Double))? {
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        var edge0: Int? = nil, edge1: Int? = nil
        // Edge k as p · t ≤ q: left, right, top, bottom.
        let constraints = [(-dx, a.0 - box.x0), (dx, box.x1 - a.0), (-dy, a.1 - box.y0), (dy, box.y1 - a.1)]
        for (k, (p, q)) in constraints.enumerated() {
            if p == 0 {
                if q < 0 { return nil }          // parallel to this edge and outside it
            } else {
                let t = q / p
                if p < 0 { if t > t0 { t0 = t; edge0 = k } } else { if t < t1 { t1 = t; edge1 = k } }
                if t0 > t1 { return nil }
            }
        }
        func point(_ t: Double, _ edge: Int?) -> (Double, Double) {
            var p = (a.0 + t * dx, a.1 + t * dy)
            switch edge {
            case 0: p.0 = box.x0
            case 1: p.0 = box.x1
            case 2: p.1 = box.y0
            case 3: p.1 = box.y1
            default: break
            }
            return p
        }
        return (edge0 == nil ? a : point(t0, edge0), edge1 == nil ? b : point(t1, edge1))
    }
}
