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
        precondition(training.count >= 2, "memorisation needs at least two training points")
        guard !samples.isEmpty else { return 0 }
        let grid = CellGrid(points: training)
        var memorised = 0
        for s in samples {
            let (d1, d2) = grid.twoNearestSquaredDistances(to: s)
            if d1 < threshold * threshold * d2 { memorised += 1 }
        }
        return Double(memorised) / Double(samples.count)
    }
}

/// A uniform grid of cells over a point set, for nearest-neighbour queries
/// that look at rings of cells outwards until the answer cannot change.
struct CellGrid {
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
        let ci = Int(((q.x - origin.x) / cellSize).rounded(.down)), cj = Int(((q.y - origin.y) / cellSize).rounded(.down))
        // Far outside the grid, rings would mostly be empty: look at every point.
        guard ci >= -columns, ci < 2 * columns, cj >= -rows, cj < 2 * rows else {
            for index in points.indices { consider(index) }
            return (best, second)
        }
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
