import FieldLabCore
import Foundation

/// The training points binned into a uniform `C × C` grid of cells over their
/// bounding box, for direct summation that visits only the points that matter.
///
/// A query first finds its nearest point by searching rings of cells outwards,
/// then sums over the points whose weight is at least `e^−logRange` of the
/// nearest one's (for a Gaussian, a disc of radius² = d²_min + 2σ²·logRange;
/// for a heavy-tailed Poisson kernel usually every point). The neglected weight
/// is below `N·e^−logRange` of the total: 4·10⁻¹⁴ for N = 10⁴ at logRange = 40.
struct CellList: Sendable {
    static let logRange = 40.0

    let count: Int
    private let origin: Point
    private let cellSize: Double
    private let cellsPerSide: Int
    /// Points of cell `c` are `xs/ys[start[c] ..< start[c + 1]]`.
    private let start: [Int]
    private let xs: [Double]
    private let ys: [Double]
    private let lower: Point
    private let upper: Point

    init(points: [Point]) {
        precondition(!points.isEmpty, "CellList needs at least one point")
        count = points.count
        var lo = points[0], hi = points[0]
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        lower = lo
        upper = hi
        let extent = max(hi.x - lo.x, hi.y - lo.y)
        let c = extent > 0 ? max(1, min(1024, Int((Double(points.count) / 2).squareRoot()))) : 1
        cellsPerSide = c
        cellSize = extent > 0 ? extent / Double(c) : 1
        origin = lo
        var cellOf = [Int](repeating: 0, count: points.count)
        var counts = [Int](repeating: 0, count: c * c + 1)
        for (n, p) in points.enumerated() {
            let i = min(c - 1, max(0, Int((p.x - lo.x) / cellSize)))
            let j = min(c - 1, max(0, Int((p.y - lo.y) / cellSize)))
            cellOf[n] = j * c + i
            counts[j * c + i + 1] += 1
        }
        for k in 0..<(c * c) { counts[k + 1] += counts[k] }
        start = counts
        var fill = counts
        var xs = [Double](repeating: 0, count: points.count), ys = xs
        for (n, p) in points.enumerated() {
            let slot = fill[cellOf[n]]
            xs[slot] = p.x
            ys[slot] = p.y
            fill[cellOf[n]] += 1
        }
        self.xs = xs
        self.ys = ys
    }

    /// D*(x) by direct summation over the points within the kernel's cutoff.
    func denoise(_ x: Point, kernel: FieldKernel) -> Point {
        let (cx, cy) = clampedCell(of: x)
        let c = cellsPerSide
        let lastRing = max(cx, c - 1 - cx, cy, c - 1 - cy)

        // Nearest point: rings outwards until no unvisited cell can be closer.
        var best = Double.infinity, bestIndex = 0
        for ring in 0...lastRing {
            if Double(ring - 1) * cellSize > best.squareRoot() { break }
            forEachCell(inRing: ring, around: (cx, cy)) { cell in
                for n in start[cell]..<start[cell + 1] {
                    let dx = x.x - xs[n], dy = x.y - ys[n]
                    let s = dx * dx + dy * dy
                    if s < best { best = s; bestIndex = n }
                }
            }
        }

        var sum = WeightedMean(query: x, reference: Point(xs[bestIndex], ys[bestIndex]), kernel: kernel)
        let cutoff = best + kernel.cutoffExcess(nearest: best, logRange: Self.logRange)
        if cutoff >= farthestSquaredDistance(from: x) {
            for n in 0..<count { sum.add(Point(xs[n], ys[n])) }
            return sum.mean
        }
        let radius = cutoff.squareRoot()
        for ring in 0...lastRing {
            if Double(ring - 1) * cellSize > radius { break }
            forEachCell(inRing: ring, around: (cx, cy)) { cell in
                for n in start[cell]..<start[cell + 1] {
                    let dx = x.x - xs[n], dy = x.y - ys[n]
                    if dx * dx + dy * dy <= cutoff { sum.add(Point(xs[n], ys[n])) }
                }
            }
        }
        return sum.mean
    }

    // MARK: Private

    /// The cell holding `x`, clamped into the grid (for queries outside it).
    private func clampedCell(of x: Point) -> (Int, Int) {
        let c = cellsPerSide
        func index(_ v: Double, _ lo: Double) -> Int {
            let t = (v - lo) / cellSize
            if !(t > 0) { return 0 }
            return t >= Double(c - 1) ? c - 1 : Int(t)
        }
        return (index(x.x, origin.x), index(x.y, origin.y))
    }

    /// Squared distance from `x` to the farthest corner of the points' bounding box.
    private func farthestSquaredDistance(from x: Point) -> Double {
        let dx = max(abs(x.x - lower.x), abs(x.x - upper.x))
        let dy = max(abs(x.y - lower.y), abs(x.y - upper.y))
        return dx * dx + dy * dy
    }

    /// Calls `body` with every cell at Chebyshev distance `ring` from `center`.
    /// Every point in such a cell is at least `(ring − 1)·cellSize` from any
    /// point of the center cell, and from a query clamped into it.
    @inline(__always)
    private func forEachCell(inRing ring: Int, around center: (Int, Int), _ body: (Int) -> Void) {
        let c = cellsPerSide, (cx, cy) = center
        let jLow = max(0, cy - ring), jHigh = min(c - 1, cy + ring)
        guard jLow <= jHigh else { return }
        let iLow = max(0, cx - ring), iHigh = min(c - 1, cx + ring)
        for j in jLow...jHigh {
            if abs(j - cy) == ring {
                for i in iLow...iHigh { body(j * c + i) }
            } else {
                if cx - ring >= 0 { body(j * c + cx - ring) }
                if ring > 0, cx + ring < c { body(j * c + cx + ring) }
            }
        }
    }
}
