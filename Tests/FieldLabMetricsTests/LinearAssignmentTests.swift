import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct LinearAssignmentTests {
    /// The least total cost over all n! permutations, by Heap's algorithm.
    static func bruteForceMinimum(_ cost: [Double], n: Int) -> Double {
        var permutation = Array(0..<n)
        var best = total(cost, n: n, permutation)
        var counters = [Int](repeating: 0, count: n)
        var i = 1
        while i < n {
            if counters[i] < i {
                permutation.swapAt(i % 2 == 0 ? 0 : counters[i], i)
                best = min(best, total(cost, n: n, permutation))
                counters[i] += 1
                i = 1
            } else {
                counters[i] = 0
                i += 1
            }
        }
        return best
    }

    static func total(_ cost: [Double], n: Int, _ column: [Int]) -> Double {
        (0..<n).reduce(0) { $0 + cost[$1 * n + column[$1]] }
    }

    static func isPermutation(_ column: [Int], n: Int) -> Bool {
        column.count == n && Set(column) == Set(0..<n)
    }

    static func check(_ cost: [Double], n: Int, _ comment: Comment? = nil) {
        let column = LinearAssignment.solve(cost: cost, n: n)
        #expect(isPermutation(column, n: n), comment)
        let expected = bruteForceMinimum(cost, n: n)
        #expect(isClose(total(cost, n: n, column), expected, relative: 1e-12, absolute: 1e-12), comment)
    }

    /// Random matrices of every size up to 7, three distributions: uniform,
    /// small integers (many ties) and squared distances between random points.
    @Test(arguments: 1...7)
    func matchesBruteForceOnRandomMatrices(n: Int) {
        var generator = SeededGenerator(seed: UInt64(100 + n))
        for trial in 0..<40 {
            let uniform = (0..<n * n).map { _ in generator.nextUniform() * 10 - 3 }
            Self.check(uniform, n: n, "uniform n=\(n) trial \(trial)")
            let integers = (0..<n * n).map { _ in Double(generator.nextIndex(below: 4)) }
            Self.check(integers, n: n, "integers n=\(n) trial \(trial)")
            let a = (0..<n).map { _ in Point(generator.nextGaussian(), generator.nextGaussian()) }
            let b = (0..<n).map { _ in Point(generator.nextGaussian(), generator.nextGaussian()) }
            let squared = (0..<n * n).map { k -> Double in let d = a[k / n] - b[k % n]; return (d * d).sum() }
            Self.check(squared, n: n, "points n=\(n) trial \(trial)")
        }
    }

    @Test func adversarialMatrices() {
        let n = 6
        // All costs equal: every permutation is optimal.
        Self.check([Double](repeating: 2.5, count: n * n), n: n, "all equal")
        // One dominant row: row 0 is huge everywhere except one column.
        var dominant = (0..<n * n).map { Double(($0 * 7) % 5) }
        for j in 0..<n { dominant[j] = j == 3 ? 0 : 1e9 }
        Self.check(dominant, n: n, "dominant row")
        let column = LinearAssignment.solve(cost: dominant, n: n)
        #expect(column[0] == 3)
        // Every row prefers column 0 (column reduction leaves n − 1 rows free).
        let crowded = (0..<n * n).map { k -> Double in k % n == 0 ? 0 : Double(1 + (k / n) * (k % n)) }
        Self.check(crowded, n: n, "crowded column")
        // The anti-diagonal is free, the rest costly: the answer is the reversal.
        let anti = (0..<n * n).map { k -> Double in (k / n) + (k % n) == n - 1 ? 0 : 1 }
        #expect(LinearAssignment.solve(cost: anti, n: n) == Array((0..<n).reversed()))
        // Negative costs and a rank-one matrix C[i, j] = i·j (optimum pairs i with n − 1 − i).
        Self.check((0..<n * n).map { -Double(($0 * 13) % 11) }, n: n, "negative")
        Self.check((0..<n * n).map { Double(($0 / n) * ($0 % n)) }, n: n, "rank one")
        #expect(LinearAssignment.solve(cost: [], n: 0) == [])
    }

    /// At a size brute force cannot reach: a hidden optimal permutation of cost
    /// 0 among costs ≥ 1 must be found exactly.
    @Test func findsAPlantedPermutation() {
        let n = 300
        var generator = SeededGenerator(seed: 7)
        var planted = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { planted.swapAt(i, generator.nextIndex(below: i + 1)) }
        var cost = (0..<n * n).map { _ in 1 + generator.nextUniform() }
        for i in 0..<n { cost[i * n + planted[i]] = 0 }
        #expect(LinearAssignment.solve(cost: cost, n: n) == planted)
    }

    /// The textbook O(n³) Hungarian method with row and column potentials
    /// (Kuhn–Munkres as in e-maxx), an independent reference for mid sizes.
    static func hungarianMinimum(_ cost: [Double], n: Int) -> Double {
        var u = [Double](repeating: 0, count: n + 1), v = u
        var p = [Int](repeating: 0, count: n + 1), way = p
        for i in 1...n {
            p[0] = i
            var j0 = 0
            var minv = [Double](repeating: .infinity, count: n + 1)
            var used = [Bool](repeating: false, count: n + 1)
            repeat {
                used[j0] = true
                let i0 = p[j0]
                var delta = Double.infinity, j1 = 0
                for j in 1...n where !used[j] {
                    let cur = cost[(i0 - 1) * n + j - 1] - u[i0] - v[j]
                    if cur < minv[j] { minv[j] = cur; way[j] = j0 }
                    if minv[j] < delta { delta = minv[j]; j1 = j }
                }
                for j in 0...n {
                    if used[j] { u[p[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
                }
                j0 = j1
            } while p[j0] != 0
            repeat { let j1 = way[j0]; p[j0] = p[j1]; j0 = j1 } while j0 != 0
        }
        return (1...n).reduce(0) { $0 + cost[(p[$1] - 1) * n + $1 - 1] }
    }

    @Test(arguments: [20, 61, 150])
    func matchesTheHungarianMethodAtMidSizes(n: Int) {
        var generator = SeededGenerator(seed: UInt64(n))
        let uniform = (0..<n * n).map { _ in generator.nextUniform() }
        let integers = (0..<n * n).map { _ in Double(generator.nextIndex(below: 5)) }
        let a = gaussianPoints(n, using: &generator), b = gaussianPoints(n, using: &generator)
        let squared = (0..<n * n).map { k -> Double in let d = a[k / n] - b[k % n]; return (d * d).sum() }
        for (name, cost) in [("uniform", uniform), ("integers", integers), ("points", squared)] {
            let column = LinearAssignment.solve(cost: cost, n: n)
            #expect(Self.isPermutation(column, n: n))
            #expect(isClose(Self.total(cost, n: n, column), Self.hungarianMinimum(cost, n: n), relative: 1e-10),
                    "\(name) n=\(n)")
        }
    }
}
