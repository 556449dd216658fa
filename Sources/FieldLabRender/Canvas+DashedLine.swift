/// Dashed polylines (fitted curves, reference lines).
extension Canvas {
    /// Draws connected segments through `points` as dashes `dash` pixels long
    /// separated by gaps of `gap` pixels, measured along the path, so the
    /// pattern runs on evenly through the corners of a finely sampled curve.
    ///
    /// Each dash is stroked as `drawPolyline` strokes a path (round caps, so a
    /// dash looks about `thickness` longer and its gaps as much shorter).
    /// Only the part of the path near the canvas is walked, so a path that
    /// reaches far outside costs no more than one that does not.
    public mutating func drawDashedPolyline(_ points: [(Double, Double)], color: RGB, alpha: Double = 1,
                                            thickness: Double = 1, dash: Double = 6, gap: Double = 4) {
        precondition(dash > 0 && gap >= 0 && dash.isFinite && gap.isFinite,
                     "drawDashedPolyline needs a positive dash and a non-negative gap, got \(dash) and \(gap)")
        guard points.count >= 2, points.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) else { return }
        let period = dash + gap
        let margin = max(thickness, 1) + 1
        let box = (x0: -margin, y0: -margin, x1: Double(width) + margin, y1: Double(height) + margin)

        var phase = 0.0                           // position within the dash–gap pattern
        var current = [(Double, Double)]()        // the dash being built
        func flush(_ canvas: inout Canvas) {
            if current.count >= 2 {
                canvas.drawPolyline(current, color: color, alpha: alpha, thickness: thickness)
            }
            current.removeAll(keepingCapacity: true)
        }
        func skip(_ distance: Double, _ canvas: inout Canvas) {
            guard distance > 0 else { return }
            flush(&canvas)
            phase = distance.isFinite ? (phase + distance).truncatingRemainder(dividingBy: period) : 0
        }
        for s in 0 ..< points.count - 1 {
            let a = points[s], b = points[s + 1]
            let dx = b.0 - a.0, dy = b.1 - a.1
            let length = (dx * dx + dy * dy).squareRoot()
            guard length > 0 else { continue }
            guard length.isFinite, let visible = Canvas.clip(a, b, to: box) else { skip(length, &self); continue }
            let start = distance(a, visible.0), end = distance(a, visible.1)
            skip(start, &self)
            func at(_ t: Double) -> (Double, Double) { (a.0 + dx * t / length, a.1 + dy * t / length) }
            var t = start
            while t < end {
                if phase < dash {                                     // inside a dash
                    if current.isEmpty { current.append(at(t)) }
                    let remaining = dash - phase
                    if end - t <= remaining {
                        phase += end - t; t = end
                    } else {
                        t += remaining; phase = dash
                    }
                    current.append(at(t))
                } else {                                              // inside a gap
                    flush(&self)
                    let remaining = period - phase
                    if end - t <= remaining {
                        phase += end - t; t = end
                    } else {
                        t += remaining; phase = 0
                    }
                }
            }
            skip(length - end, &self)
        }
        flush(&self)
    }
}

private func distance(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
    let dx = b.0 - a.0, dy = b.1 - a.1
    return (dx * dx + dy * dy).squareRoot()
}
