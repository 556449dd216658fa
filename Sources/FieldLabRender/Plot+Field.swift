import Foundation
import FieldLabCore

extension Plot {
    /// A scalar field sampled on a regular lattice as a heat map.
    ///
    /// `values` holds `columns × rows` samples, row-major with row 0 at the
    /// *bottom* (y up, like the data); sample (i, j) sits at the centre of its
    /// cell of the picture. Each pixel takes the bilinear interpolation of the
    /// lattice, mapped linearly from `range` (default: the finite min…max) onto
    /// the colour map. Non-finite samples are drawn in the map's low end.
    public static func heatmap(_ values: [Double], columns: Int, rows: Int, width: Int, height: Int,
                               colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil) -> Canvas {
        precondition(values.count == columns * rows && columns > 0 && rows > 0, "heat map needs columns × rows values")
        let finite = values.filter { $0.isFinite }
        let lo = range?.lowerBound ?? finite.min() ?? 0
        let hi = range?.upperBound ?? finite.max() ?? 1
        let span = hi > lo ? hi - lo : 1
        var canvas = Canvas(width: width, height: height, background: colormap.color(0))
        for py in 0..<height {
            // Lattice coordinates of the pixel centre (row 0 at the bottom).
            let fy = (Double(height - 1 - py) + 0.5) / Double(height) * Double(rows) - 0.5
            let j0 = max(0, min(rows - 1, Int(fy.rounded(.down)))), j1 = min(rows - 1, j0 + 1)
            let ty = max(0, min(1, fy - Double(j0)))
            for px in 0..<width {
                let fx = (Double(px) + 0.5) / Double(width) * Double(columns) - 0.5
                let i0 = max(0, min(columns - 1, Int(fx.rounded(.down)))), i1 = min(columns - 1, i0 + 1)
                let tx = max(0, min(1, fx - Double(i0)))
                let v00 = values[j0 * columns + i0], v10 = values[j0 * columns + i1]
                let v01 = values[j1 * columns + i0], v11 = values[j1 * columns + i1]
                let v = (1 - ty) * ((1 - tx) * v00 + tx * v10) + ty * ((1 - tx) * v01 + tx * v11)
                canvas[px, py] = colormap.color(v.isFinite ? (v - lo) / span : 0)
            }
        }
        return canvas
    }

    /// Arrows of a vector field over `canvas`: one arrow per `(base, vector)`
    /// in data coordinates, each drawn with the same pixel length `length`
    /// (direction only: the heat map underneath shows the magnitude).
    public static func drawArrows(_ arrows: [(base: Point, vector: Point)], on canvas: inout Canvas,
                                  viewport: Viewport, length: Double = 12, color: RGB = Theme.text,
                                  alpha: Double = 0.85, thickness: Double = 1.2) {
        for (base, vector) in arrows {
            let norm = (vector * vector).sum().squareRoot()
            guard norm > 0, norm.isFinite else { continue }
            let (bx, by) = viewport.pixel(base, width: canvas.width, height: canvas.height)
            // Pixel y grows downwards.
            let dx = vector.x / norm * length, dy = -vector.y / norm * length
            let tip = (bx + dx / 2, by + dy / 2), tail = (bx - dx / 2, by - dy / 2)
            canvas.drawLine(from: tail, to: tip, color: color, alpha: alpha, thickness: thickness)
            let head = length * 0.35, angle = atan2(dy, dx)
            for side in [-1.0, 1.0] {
                let a = angle + Double.pi + side * 0.45
                canvas.drawLine(from: tip, to: (tip.0 + head * cos(a), tip.1 + head * sin(a)),
                                color: color, alpha: alpha, thickness: thickness)
            }
        }
    }
}
