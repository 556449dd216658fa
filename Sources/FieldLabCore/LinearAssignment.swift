/// The linear assignment problem: match n rows to n columns, one each, at the
/// least total cost Σᵢ C[i, π(i)].
///
/// Solved exactly by the Jonker–Volgenant algorithm (Jonker & Volgenant 1987,
/// "A shortest augmenting path algorithm for dense and sparse linear assignment
/// problems", Computing 38): column reduction with reduction transfer, two
/// rounds of augmenting row reduction, then one Dijkstra-like shortest
/// augmenting path per row still free. Column potentials v keep every reduced
/// cost C[i, j] − v[j] − u[i] ≥ 0 with equality on the matching, which is the
/// LP optimality certificate. The worst case is O(n³); the two cheap phases
/// settle most rows first, so on Euclidean costs it runs far faster (about half a
/// second for n = 2000; see the Metrics report).
///
/// The structure follows the dense solver of the `lap` package (Tomas Kazmar,
/// github.com/gatagat/lap), itself a port of Jonker and Volgenant's Pascal code.
public enum LinearAssignment {
    /// The optimal assignment for a square cost matrix.
    ///
    /// - Parameters:
    ///   - cost: n × n costs, row-major (`cost[i * n + j]` is row i to column j);
    ///     finite values of any sign.
    ///   - n: the number of rows and of columns.
    /// - Returns: `column[i]`, the column given to row i: a permutation of `0..<n`
    ///   minimising Σᵢ cost[i·n + column[i]]. Ties are broken deterministically.
    public static func solve(cost: [Double], n: Int) -> [Int] {
        precondition(n >= 0 && cost.count == n * n,
                     "LinearAssignment.solve needs n × n costs (got \(cost.count) for n = \(n))")
        precondition(cost.allSatisfy(\.isFinite), "LinearAssignment.solve needs finite costs")
        if n == 0 { return [] }
        if n == 1 { return [0] }
        return cost.withUnsafeBufferPointer { c in
            var solver = Solver(cost: c, n: n)
            solver.run()
            return solver.rowToColumn
        }
    }
}

/// The working state of one solve: the matching in both directions and the
/// column potentials. Row potentials are implicit (u[i] = C[i, x[i]] − v[x[i]]).
private struct Solver {
    let cost: UnsafeBufferPointer<Double>
    let n: Int
    /// Column of each row, −1 while the row is free.
    var rowToColumn: [Int]
    /// Row of each column, −1 while the column is free.
    var columnToRow: [Int]
    /// Column potentials (dual variables).
    var v: [Double]

    init(cost: UnsafeBufferPointer<Double>, n: Int) {
        self.cost = cost
        self.n = n
        rowToColumn = [Int](repeating: -1, count: n)
        columnToRow = [Int](repeating: -1, count: n)
        v = [Double](repeating: .infinity, count: n)
    }

    mutating func run() {
        var free = columnReduction()
        var rounds = 0
        while !free.isEmpty && rounds < 2 {
            free = augmentingRowReduction(free)
            rounds += 1
        }
        for row in free { augment(from: row) }
    }

    /// Step budget of one augmenting row reduction pass, per free row at its
    /// start (measured on n = 500…2000 Gaussian points: 2 to 32 all within 15 %).
    static let reductionStepsPerFreeRow = 8

    @inline(__always) func c(_ i: Int, _ j: Int) -> Double { cost[i &* n &+ j] }

    /// Each column takes its cheapest row (v[j] = minᵢ C[i, j]); a row chosen by
    /// several columns keeps one. A row matched to a single column then moves
    /// its slack onto that column's potential (reduction transfer), so the
    /// later phases start from a tighter dual. Returns the rows left free.
    private mutating func columnReduction() -> [Int] {
        for i in 0..<n {
            for j in 0..<n where c(i, j) < v[j] {
                v[j] = c(i, j)
                columnToRow[j] = i
            }
        }
        var unique = [Bool](repeating: true, count: n)
        for j in stride(from: n - 1, through: 0, by: -1) {
            let i = columnToRow[j]
            if rowToColumn[i] < 0 {
                rowToColumn[i] = j
            } else {
                unique[i] = false
                columnToRow[j] = -1
            }
        }
        var free: [Int] = []
        for i in 0..<n {
            if rowToColumn[i] < 0 {
                free.append(i)
            } else if unique[i] {
                let j = rowToColumn[i]
                var least = Double.infinity
                for k in 0..<n where k != j { least = min(least, c(i, k) - v[k]) }
                v[j] -= least
            }
        }
        return free
    }

    /// Auction-like pass: each free row takes its best column, lowering that
    /// column's potential by the gap to its second best; the row it displaces
    /// becomes free again (and is retried at once when the potential fell).
    /// Like an auction without ε it can trade a column back and forth by tiny
    /// amounts; Jonker and Volgenant's cap of n steps per free row made it
    /// 90 % of the run time on Gaussian points (6 s at n = 2000), so the pass
    /// stops after ``reductionStepsPerFreeRow`` steps per free row and leaves
    /// the rest to the shortest paths (1 s in all). Returns the rows still free.
    private mutating func augmentingRowReduction(_ freeRows: [Int]) -> [Int] {
        var free = freeRows
        let count = free.count
        var current = 0, nextFree = 0, steps = 0
        while current < count {
            steps += 1
            let row = free[current]
            current += 1
            // Best (j1, u1) and second best (j2, u2) reduced cost in this row.
            var j1 = 0, u1 = 0.0, j2 = -1, u2 = Double.infinity
            v.withUnsafeBufferPointer { v in
                let costs = cost.baseAddress! + row * n
                u1 = costs[0] - v[0]
                for j in 1..<n {
                    let h = costs[j] - v[j]
                    if h < u2 {
                        if h >= u1 { u2 = h; j2 = j } else { u2 = u1; j2 = j1; u1 = h; j1 = j }
                    }
                }
            }
            var displaced = columnToRow[j1]
            let lowered = v[j1] - (u2 - u1)
            let lowers = lowered < v[j1]
            if steps <= Self.reductionStepsPerFreeRow * count {
                if lowers {
                    v[j1] = lowered
                } else if displaced >= 0 && j2 >= 0 {
                    j1 = j2
                    displaced = columnToRow[j2]
                }
                if displaced >= 0 {
                    if lowers { current -= 1; free[current] = displaced }
                    else { free[nextFree] = displaced; nextFree += 1 }
                }
            } else if displaced >= 0 {
                free[nextFree] = displaced
                nextFree += 1
            }
            rowToColumn[row] = j1
            columnToRow[j1] = row
        }
        return Array(free[0..<nextFree])
    }

    /// Dijkstra on reduced costs from `start` to the nearest free column, then
    /// flips the matching along the path and updates the potentials of the
    /// columns settled before the last distance level, keeping reduced costs ≥ 0.
    private mutating func augment(from start: Int) {
        let n = n, cost = cost.baseAddress!
        var distance = [Double](repeating: 0, count: n)
        var predecessor = [Int](repeating: start, count: n)
        // cols[0..<ready] are settled, cols[low..<high] are at the current
        // minimum distance and waiting to be scanned, cols[high...] are unseen.
        var cols = Array(0..<n)
        var end = -1, low = 0, ready = 0
        v.withUnsafeMutableBufferPointer { v in
        columnToRow.withUnsafeBufferPointer { columnToRow in
        distance.withUnsafeMutableBufferPointer { distance in
        predecessor.withUnsafeMutableBufferPointer { predecessor in
        cols.withUnsafeMutableBufferPointer { cols in
            for j in 0..<n { distance[j] = cost[start * n + j] - v[j] }
            var high = 0
            while end < 0 {
                if low == high {
                    // Move every unseen column at the new minimum distance to the front.
                    ready = low
                    var least = distance[cols[low]]
                    high = low + 1
                    for k in high..<n {
                        let j = cols[k]
                        let d = distance[j]
                        if d <= least {
                            if d < least { high = low; least = d }
                            cols[k] = cols[high]; cols[high] = j; high += 1
                        }
                    }
                    for k in low..<high where columnToRow[cols[k]] < 0 { end = cols[k]; break }
                    if end >= 0 { break }
                }
                // Scan the columns at the minimum: relax the unseen ones through their rows.
                var scanLow = low
                scan: while scanLow != high {
                    let j = cols[scanLow]
                    scanLow += 1
                    let i = columnToRow[j]
                    let least = distance[j]
                    let row = cost + i * n
                    let h = row[j] - v[j] - least
                    var k = high
                    while k < n {
                        let jj = cols[k]
                        let reduced = row[jj] - v[jj] - h
                        if reduced < distance[jj] {
                            distance[jj] = reduced
                            predecessor[jj] = i
                            if reduced == least {
                                if columnToRow[jj] < 0 { end = jj; break scan }
                                cols[k] = cols[high]; cols[high] = jj; high += 1
                            }
                        }
                        k += 1
                    }
                }
                if end < 0 { low = scanLow }
            }
            // cols[low] sits at the final minimum distance in both exits above.
            let least = distance[cols[low]]
            for k in 0..<ready {
                let j = cols[k]
                v[j] += distance[j] - least
            }
        }}}}}
        // Flip the alternating path back to the start row.
        var j = end
        while true {
            let i = predecessor[j]
            columnToRow[j] = i
            let previous = rowToColumn[i]
            rowToColumn[i] = j
            if i == start { break }
            j = previous
        }
    }
}
