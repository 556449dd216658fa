import FieldLabCore

extension Plot {
    /// Draws sampling paths (each a sequence of points from the prior to the
    /// data) over `canvas`.
    ///
    /// Each path is one anti-aliased polyline, coloured per `coloring`. With
    /// `markEnds`, the start (prior sample) gets a small grey dot and the end
    /// (the generated sample) a dot in the path's final colour with a white
    /// rim and a dark halo, so where each path lands reads at a glance on any
    /// background. Paths are
    /// drawn first and all markers after them, so no line hides an end point.
    public static func drawTrajectories(_ paths: [[Point]], on canvas: inout Canvas, viewport: Viewport,
                                        coloring: TrajectoryColoring = .byIndex(),
                                        thickness: Double = 1.25, alpha: Double = 0.8,
                                        markEnds: Bool = true) {
        let w = canvas.width, h = canvas.height
        var ends = [((Double, Double), (Double, Double), RGB)]()
        for (index, path) in paths.enumerated() where !path.isEmpty {
            let pixels = path.map { viewport.pixel($0, width: w, height: h) }
            let colors = segmentColors(count: max(1, path.count - 1), pathIndex: index, coloring: coloring)
            if pixels.count >= 2 {
                canvas.drawPolyline(pixels, segmentColors: colors, alpha: alpha, thickness: thickness)
            }
            ends.append((pixels[0], pixels[pixels.count - 1], colors[colors.count - 1]))
        }
        guard markEnds else { return }
        let r = max(1.5, thickness * 1.4)
        for (start, _, _) in ends {
            canvas.drawDot(at: start, radius: r * 0.8, color: RGB(170, 172, 185), alpha: 0.75)
        }
        for (_, end, color) in ends {
            canvas.drawDot(at: end, radius: r + 2, color: RGB(0, 0, 0), alpha: 0.6)
            canvas.drawDot(at: end, radius: r + 1, color: Theme.marker)
            canvas.drawDot(at: end, radius: r, color: color)
        }
    }

    private static func segmentColors(count: Int, pathIndex: Int, coloring: TrajectoryColoring) -> [RGB] {
        switch coloring {
        case .uniform(let color):
            return Array(repeating: color, count: count)
        case .byIndex(let palette):
            let color = palette.isEmpty ? Theme.point : palette[pathIndex % palette.count]
            return Array(repeating: color, count: count)
        case .byTime(let map):
            return (0 ..< count).map { s in
                let t = count == 1 ? 1 : Double(s) / Double(count - 1)
                return map.color(0.2 + 0.8 * t)
            }
        }
    }
}
