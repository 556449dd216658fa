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
    func grid(subdivisions: Int) -> [Double] {
        var values: [Double] = []
        for k in 1..<(knots.count - 2) {
            for s in 0..<subdivisions {
                values.append(knots[k] + (knots[k + 1] - knots[k]) * Double(s) / Double(subdivisions))
            }
        }
        values.append(knots[knots.count - 2])
        return values
    }

    /// The single hinge minimising the RSS: the best of a fine grid, then
    /// golden-section search between its grid neighbours.
    ///
    /// Each evaluation is one Gram–Schmidt step: the weighted columns 1 and t
    /// are orthonormalised once (q1, q2, and e, the residual of y on them);
    /// for a hinge ψ the column h = √n·|t − ψ| is made orthogonal to q1, q2,
    /// and the residual e − h⊥(h⊥·e)/‖h⊥‖² is formed explicitly, so its
    /// squared norm has no cancellation even when it is near zero.
    func bestSingleHinge() -> (hinge: Double, rss: Double) {
        let n = knots.count
        var q1 = weights, q2 = zip(knots, weights).map { $0 * $1 }, e = scaledY
        func dot(_ a: [Double], _ b: [Double]) -> Double {
            var s = 0.0
            for i in 0..<n { s += a[i] * b[i] }
            return s
        }
        func removeComponent(_ v: inout [Double], along q: [Double]) {
            let c = dot(v, q)
            for i in 0..<n { v[i] -= c * q[i] }
        }
        let n1 = dot(q1, q1).squareRoot()
        for i in 0..<n { q1[i] /= n1 }
        removeComponent(&q2, along: q1)
        let n2 = dot(q2, q2).squareRoot()
        for i in 0..<n { q2[i] /= n2 }
        removeComponent(&e, along: q1)
        removeComponent(&e, along: q2)
        var h = [Double](repeating: 0, count: n)
        func rss(_ psi: Double) -> Double {
            for i in 0..<n { h[i] = weights[i] * abs(knots[i] - psi) }
            removeComponent(&h, along: q1)
            removeComponent(&h, along: q2)
            let hh = dot(h, h)
            guard hh > 1e-24 * dot(e, e) + 1e-300 else { return .infinity }
            let c = dot(h, e) / hh
            var r = 0.0
            for i in 0..<n { let v = e[i] - c * h[i]; r += v * v }
            return r + within
        }
        let candidates = grid(subdivisions: 8)
        let values = candidates.map(rss)
        let g = values.indices.min { values[$0] < values[$1] }!
        let lo = candidates[max(g - 1, 0)], hi = candidates[min(g + 1, candidates.count - 1)]
        let refined = LeastSquares.goldenSection(lo, hi, rss)
        return refined.value <= values[g] ? (refined.x, refined.value) : (candidates[g], values[g])
    }

    /// Two hinges t0 < t2 minimising the RSS: the best pair on a grid (data
    /// values and midpoints), then Levenberg–Marquardt on all six parameters.
    func bestTwoHinges() -> (hinges: [Double], rss: Double)? {
        let candidates = grid(subdivisions: 2)
        var best: (pair: [Double], rss: Double) = ([], .infinity)
        for i in candidates.indices {
            for j in (i + 1)..<max(candidates.count, i + 1) {
                let r = rss([candidates[i], candidates[j]])
                if r < best.rss { best = ([candidates[i], candidates[j]], r) }
            }
        }
        guard best.rss.isFinite else { return nil }
        return refineTwoHinges(best.pair, rss: best.rss)
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
