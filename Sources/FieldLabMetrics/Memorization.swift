import Foundation
import FieldLabCore

/// Memorisation: how many samples sit on a training point.
///
/// A sample counts as memorised when its nearest training point is closer
/// than `threshold` (1/3) times its second-nearest. The exact field of a
/// finite training set reproduces the training points (ratio → 1); fresh
/// samples of the true distribution score a baseline that is not 0 (about
/// 1/9 in 2D — report it next to every ratio).
public enum Memorization {
    /// Share of `samples` whose nearest point of `training` is closer than
    /// `threshold` × the distance to the second nearest. Needs ≥ 2 training points.
    public static func ratio(_ samples: [Point], training: [Point], threshold: Double = 1.0 / 3) -> Double {
        Index(training: training).ratio(samples, threshold: threshold)
    }

    /// The continuous twin of ``ratio(_:training:threshold:)``: the mean over
    /// `samples` of ln(d₁/d₂), d₁ and d₂ the distances to the nearest and
    /// second-nearest point of `training` (≤ 0; more negative = closer to
    /// copies). Thresholding it at ln(1/3) gives the ratio; the mean shows the
    /// same change without the threshold's "mirage" (Schaeffer et al. 2023).
    /// Fresh samples of a smooth 2D density score about −1/2 (for a locally
    /// uniform density (d₁/d₂)² is uniform on [0, 1], and E ln U = −1), exact
    /// copies −∞: squared distances are floored at the smallest normal
    /// Double, so a copy counts about −354 and a sample with d₁ = d₂ = 0 counts 0.
    /// Needs ≥ 2 training points.
    public static func meanLogRatio(_ samples: [Point], training: [Point]) -> Double {
        Index(training: training).meanLogRatio(samples)
    }

    /// A nearest-neighbour index of a fixed training set, built once for
    /// measuring many batches of samples against it (the observables do).
    public struct Index: Sendable {
        let grid: CellGrid

        public init(training: [Point]) {
            precondition(training.count >= 2, "memorisation needs at least two training points")
            grid = CellGrid(points: training)
        }

        /// ``Memorization/ratio(_:training:threshold:)`` against the indexed set.
        public func ratio(_ samples: [Point], threshold: Double = 1.0 / 3) -> Double {
            guard !samples.isEmpty else { return 0 }
            var memorised = 0
            for s in samples {
                let (d1, d2) = grid.twoNearestSquaredDistances(to: s)
                if d1 < threshold * threshold * d2 { memorised += 1 }
            }
            return Double(memorised) / Double(samples.count)
        }

        /// The distances from `sample` to its nearest and second-nearest training points.
        public func twoNearestDistances(to sample: Point) -> (first: Double, second: Double) {
            let (d1, d2) = grid.twoNearestSquaredDistances(to: sample)
            return (d1.squareRoot(), d2.squareRoot())
        }

        /// The median over the training points of the distance to the
        /// nearest other training point (0 if most points are duplicated).
        public func medianSpacing() -> Double {
            var distances = grid.points.map { grid.twoNearestSquaredDistances(to: $0).1 }
            distances.sort()
            return distances[distances.count / 2].squareRoot()
        }

        /// ``Memorization/meanLogRatio(_:training:)`` against the indexed set.
        public func meanLogRatio(_ samples: [Point]) -> Double { scores(samples).meanLogRatio }

        /// ``ratio(_:threshold:)`` and ``meanLogRatio(_:)`` from one
        /// nearest-neighbour search per sample (the same values, bit for bit).
        public func scores(_ samples: [Point], threshold: Double = 1.0 / 3) -> (ratio: Double, meanLogRatio: Double) {
            guard !samples.isEmpty else { return (0, 0) }
            let floor = Double.leastNormalMagnitude
            var memorised = 0
            var total = 0.0
            for s in samples {
                let (d1, d2) = grid.twoNearestSquaredDistances(to: s)
                if d1 < threshold * threshold * d2 { memorised += 1 }
                total += 0.5 * (log(max(d1, floor)) - log(max(d2, floor)))
            }
            return (Double(memorised) / Double(samples.count), total / Double(samples.count))
        }
    }
}

/// A uniform grid of cells over a point set, for nearest-neighbour queries
/// that look at rings of cells outwards until the answer cannot change.
struct CellGrid: Sendable {
    let points: [Point]
    let origin: Point
    let cellSize: Double
    let columns: Int, rows: Int
    /// Point indices sorted by cell; `start[c] ..< start[c + 1]` are cell c's.
    let order: [Int]
    let start: [Int]

    init(points: [Point]) {
        self.points = points
        var lo = Point(repeating: .infinity), hi = Point(repeating: -.infinity)
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        let span = max(hi.x - lo.x, hi.y - lo.y, 1e-12)
        let side = max(1, Int(Double(points.count).squareRoot() / 2))
        let cellSize = span / Double(side) * (1 + 1e-9)
        let columns = max(1, Int(((hi.x - lo.x) / cellSize).rounded(.down)) + 1)
        let rows = max(1, Int(((hi.y - lo.y) / cellSize).rounded(.down)) + 1)
        self.cellSize = cellSize
        self.origin = lo
        self.columns = columns
        self.rows = rows
        var counts = [Int](repeating: 0, count: columns * rows + 1)
        let cells = points.map { p -> Int in
            let i = min(columns - 1, Int((p.x - lo.x) / cellSize)), j = min(rows - 1, Int((p.y - lo.y) / cellSize))
            return j * columns + i
        }
        for c in cells { counts[c + 1] += 1 }
        for c in 0..<(columns * rows) { counts[c + 1] += counts[c] }
        start = counts
        var fill = counts
        var order = [Int](repeating: 0, count: points.count)
        for (index, c) in cells.enumerated() { order[fill[c]] = index; fill[c] += 1 }
        self.order = order
    }

    /// Squared distances to the nearest and second-nearest points.
    func twoNearestSquaredDistances(to q: Point) -> (Double, Double) {
        var best = Double.infinity, second = Double.infinity
        func consider(_ index: Int) {
            let d = q - points[index]
            let d2 = (d * d).sum()
            if d2 < best { second = best; best = d2 } else if d2 < second { second = d2 }
        }
        let fx = ((q.x - origin.x) / cellSize).rounded(.down), fy = ((q.y - origin.y) / cellSize).rounded(.down)
        // Far outside the grid, rings would mostly be empty: look at every point
        // (compared as Doubles first, so a huge or NaN query never traps in Int()).
        guard fx >= Double(-columns), fx < Double(2 * columns), fy >= Double(-rows), fy < Double(2 * rows) else {
            for index in points.indices { consider(index) }
            return (best, second)
        }
        let ci = Int(fx), cj = Int(fy)
        var ring = 0
        while true {
            for j in stride(from: max(0, cj - ring), through: min(rows - 1, cj + ring), by: 1) {
                for i in stride(from: max(0, ci - ring), through: min(columns - 1, ci + ring), by: 1) {
                    guard max(abs(i - ci), abs(j - cj)) == ring else { continue }
                    let c = j * columns + i
                    for k in start[c]..<start[c + 1] { consider(order[k]) }
                }
            }
            // q lies in cell (ci, cj), so every point outside the searched square
            // is at least `reach` away.
            let reach = min(q.x - (origin.x + Double(ci - ring) * cellSize),
                            origin.x + Double(ci + ring + 1) * cellSize - q.x,
                            q.y - (origin.y + Double(cj - ring) * cellSize),
                            origin.y + Double(cj + ring + 1) * cellSize - q.y)
            let covered = ci - ring <= 0 && cj - ring <= 0 && ci + ring >= columns - 1 && cj + ring >= rows - 1
            if covered || (second.isFinite && reach * reach >= second) { return (best, second) }
            ring += 1
        }
    }
}
