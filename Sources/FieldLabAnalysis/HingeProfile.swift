import Foundation

/// Continuous piecewise-linear least squares with hinges at given positions:
/// y ≈ c0 + c1 t + Σₖ dₖ |t − ψₖ|, the γ → 0 limit shared by the broken stick
/// and the (double) Bacon–Watts models, whose parameterisations all span the
/// same columns. For fixed ψ the fit is linear, so the residual sum of
/// squares is an exact profile over the hinge positions.
///
/// Repeated t are collapsed first (``GroupedCurve``): the rows are the
/// distinct t, weighted by their counts, which gives the same fit.
struct HingeProfile {
    /// Distinct t values, increasing.
    let knots: [Double]
    /// The means there, times √count (the weighted problem's right-hand side).
    let scaledY: [Double]
    let weights: [Double]
    /// Residual sum of squares about the group means (no curve can remove it).
    let within: Double

    init(t: [Double], y: [Double]) {
        let grouped = GroupedCurve(x: t, y: y)
        knots = grouped.x
        weights = grouped.rootCount
        scaledY = zip(grouped.mean, weights).map { $0 * $1 }
        within = grouped.within
    }

    /// The range hinges may take: from the second to the second-last distinct
    /// t, so that each outer segment has at least two distinct t values.
    var range: ClosedRange<Double> { knots[1]...knots[knots.count - 2] }

    /// The linear fit for `design(t)` columns; `nil` if rank deficient.
    func solve(columns: Int, _ row: (Double, inout [Double]) -> Void) -> (coefficients: [Double], rss: Double)? {
        var design = [Double](repeating: 0, count: knots.count * columns)
        var buffer = [Double](repeating: 0, count: columns)
        for i in knots.indices {
            row(knots[i], &buffer)
            for j in 0..<columns { design[i * columns + j] = weights[i] * buffer[j] }
        }
        guard let fit = LeastSquares.linear(design: design, rows: knots.count, columns: columns, y: scaledY) else {
            return nil
        }
        return (fit.coefficients, fit.rss + within)
    }

    /// Residual sum of squares with hinges at `hinges` (∞ when not identifiable).
    func rss(_ hinges: [Double]) -> Double {
        solve(columns: 2 + hinges.count) { v, row in
            row[0] = 1; row[1] = v
            for (k, h) in hinges.enumerated() { row[2 + k] = abs(v - h) }
        }?.rss ?? .infinity
    }

    /// Candidate hinge positions: each interval between distinct t values in
    /// `range`, cut into `subdivisions` equal parts (data values included).
    /// With more than `maximum` candidates, every k-th distinct t is used
    /// instead (k as small as keeps the count ≤ `maximum`).
    func grid(subdivisions: Int, maximum: Int) -> [Double] {
        let inner = Array(knots[1...(knots.count - 2)])
        if (inner.count - 1) * subdivisions + 1 > maximum {
            let stride = (inner.count + maximum - 2) / (maximum - 1)
            var values = Swift.stride(from: 0, to: inner.count, by: stride).map { inner[$0] }
            if values.last != inner.last { values.append(inner.last!) }
            return values
        }
        var values: [Double] = []
        for k in 0..<(inner.count - 1) {
            for s in 0..<subdivisions {
                values.append(inner[k] + (inner[k + 1] - inner[k]) * Double(s) / Double(subdivisions))
            }
        }
        values.append(inner.last!)
        return values
    }

    /// The single hinge minimising the RSS: the best of a fine grid (8 per
    /// interval, at most 400 positions), then golden-section search between
    /// its grid neighbours.
    ///
    /// Each evaluation is one Gram–Schmidt step: the weighted columns 1 and t
    /// are orthonormalised once (q1, q2, and e, the residual of y on them);
    /// for a hinge ψ the column h = √n·|t − ψ| is made orthogonal to q1, q2,
    /// and the residual e − h⊥(h⊥·e)/‖h⊥‖² is formed explicitly, so its
    /// squared norm has no cancellation even when it is near zero.
    func bestSingleHinge() -> (hinge: Double, rss: Double) {
        let n = knots.count
        let (q1, q2, e) = lineBasis()
        var h = [Double](repeating: 0, count: n)
        func rss(_ psi: Double) -> Double {
            hingeColumn(psi, q1, q2, into: &h)
            let hh = Self.dot(h, h)
            guard hh > 1e-24 * Self.dot(e, e) + 1e-300 else { return .infinity }
            let c = Self.dot(h, e) / hh
            var r = 0.0
            for i in 0..<n { let v = e[i] - c * h[i]; r += v * v }
            return r + within
        }
        let candidates = grid(subdivisions: 8, maximum: 400)
        let values = candidates.map(rss)
        let g = values.indices.min { values[$0] < values[$1] }!
        let lo = candidates[max(g - 1, 0)], hi = candidates[min(g + 1, candidates.count - 1)]
        let refined = LeastSquares.goldenSection(lo, hi, rss)
        return refined.value <= values[g] ? (refined.x, refined.value) : (candidates[g], values[g])
    }

    /// The weighted columns 1 and t, orthonormalised (Gram–Schmidt), and e,
    /// the residual of the weighted means on them.
    private func lineBasis() -> (q1: [Double], q2: [Double], e: [Double]) {
        var q1 = weights, q2 = zip(knots, weights).map { $0 * $1 }, e = scaledY
        let n1 = Self.dot(q1, q1).squareRoot()
        for i in q1.indices { q1[i] /= n1 }
        Self.removeComponent(&q2, along: q1)
        let n2 = Self.dot(q2, q2).squareRoot()
        for i in q2.indices { q2[i] /= n2 }
        Self.removeComponent(&e, along: q1)
        Self.removeComponent(&e, along: q2)
        return (q1, q2, e)
    }

    /// h = √n·|t − ψ|, made orthogonal to q1 and q2.
    private func hingeColumn(_ psi: Double, _ q1: [Double], _ q2: [Double], into h: inout [Double]) {
        for i in knots.indices { h[i] = weights[i] * abs(knots[i] - psi) }
        Self.removeComponent(&h, along: q1)
        Self.removeComponent(&h, along: q2)
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    private static func removeComponent(_ v: inout [Double], along q: [Double]) {
        let c = dot(v, q)
        for i in v.indices { v[i] -= c * q[i] }
    }

    /// Two hinges t0 < t2 minimising the RSS: the best pair on a grid (data
    /// values and midpoints, at most 60 positions), then Levenberg–Marquardt
    /// on all six parameters.
    ///
    /// On the grid, each candidate's hinge column is orthogonalised against
    /// the line once, and a pair's RSS is ‖e‖² minus e's projection on its two
    /// columns, from their 2 × 2 Gram matrix: O(1) per pair. (That subtraction
    /// only ranks the pairs; the polished fit's RSS is computed from residuals.)
    func bestTwoHinges() -> (hinges: [Double], rss: Double)? {
        let candidates = grid(subdivisions: 2, maximum: 60)
        let m = candidates.count
        let (q1, q2, e) = lineBasis()
        var columns: [[Double]] = []
        for psi in candidates {
            var h = [Double](repeating: 0, count: knots.count)
            hingeColumn(psi, q1, q2, into: &h)
            columns.append(h)
        }
        let he = columns.map { Self.dot($0, e) }
        var gram = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in i..<m { gram[i * m + j] = Self.dot(columns[i], columns[j]) } }
        let ee = Self.dot(e, e)
        var best: (pair: [Double], rss: Double) = ([], .infinity)
        for i in 0..<m {
            for j in (i + 1)..<max(m, i + 1) {
                let a = gram[i * m + i], b = gram[i * m + j], c = gram[j * m + j]
                let det = a * c - b * b
                guard det > 1e-10 * a * c else { continue }
                let projected = (c * he[i] * he[i] - 2 * b * he[i] * he[j] + a * he[j] * he[j]) / det
                let r = max(ee - projected, 0) + within
                if r < best.rss { best = ([candidates[i], candidates[j]], r) }
            }
        }
        guard best.rss.isFinite else { return nil }
        return refineTwoHinges(best.pair, rss: rss(best.pair))
    }

    /// Polishes two hinge positions by Levenberg–Marquardt on
    /// (c0, c1, d1, d2, t0, t2), keeping t0 < t2 inside `range`.
    func refineTwoHinges(_ start: [Double], rss startRSS: Double) -> (hinges: [Double], rss: Double) {
        guard let linear = solve(columns: 4, { v, row in
            row[0] = 1; row[1] = v; row[2] = abs(v - start[0]); row[3] = abs(v - start[1])
        }) else { return (start, startRSS) }
        let bounds = range
        let (p, rss) = LeastSquares.levenbergMarquardt(
            start: linear.coefficients + start, rows: knots.count, maxIterations: 100,
            admissible: { p in p[4] < p[5] && bounds.contains(p[4]) && bounds.contains(p[5]) }
        ) { p, r, j in
            for i in knots.indices {
                let v = knots[i], w = weights[i]
                let a = v - p[4], b = v - p[5]
                r[i] = w * (p[0] + p[1] * v + p[2] * abs(a) + p[3] * abs(b)) - scaledY[i]
                j[i * 6 + 0] = w; j[i * 6 + 1] = w * v; j[i * 6 + 2] = w * abs(a); j[i * 6 + 3] = w * abs(b)
                j[i * 6 + 4] = w * (a > 0 ? -p[2] : (a < 0 ? p[2] : 0))
                j[i * 6 + 5] = w * (b > 0 ? -p[3] : (b < 0 ? p[3] : 0))
            }
        }
        // The exact profile at the polished hinges (LM's own RSS is the same up to rounding).
        let hinges = [p[4], p[5]]
        let profiled = self.rss(hinges)
        return profiled <= startRSS ? (hinges, min(profiled, rss + within)) : (start, startRSS)
    }
}
