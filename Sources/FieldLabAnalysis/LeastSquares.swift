import Foundation

/// Small dense least-squares solvers in `Double`: the linear problem by
/// Householder QR, the nonlinear one by Levenberg–Marquardt.
///
/// Sizes here are tens to hundreds of rows and at most six columns, so the
/// code is written for clarity; nothing is allocated per row.
public enum LeastSquares {
    /// Solves min‖A b − y‖² for the `rows × columns` design `A` (row-major).
    ///
    /// Householder QR (Golub & Van Loan §5.3): the residual sum of squares is
    /// the squared norm of the last `rows − columns` entries of Qᵀy, so it is
    /// computed without cancellation even when it is near zero.
    ///
    /// - Returns: the coefficients and the residual sum of squares, or `nil`
    ///   when `A` is rank deficient (a diagonal entry of R below 1e-11 of the
    ///   largest) or has fewer rows than columns.
    public static func linear(design: [Double], rows: Int, columns: Int, y: [Double])
        -> (coefficients: [Double], rss: Double)? {
        precondition(design.count == rows * columns && y.count == rows, "design must be rows × columns, y rows long")
        guard rows >= columns, columns > 0 else { return nil }
        var a = design, b = y
        var diagonal = [Double](repeating: 0, count: columns)
        for k in 0..<columns {
            var norm = 0.0
            for i in k..<rows { norm += a[i * columns + k] * a[i * columns + k] }
            norm = norm.squareRoot()
            if norm == 0 { return nil }
            let alpha = a[k * columns + k] > 0 ? -norm : norm
            // v = x − alpha e1, stored in column k from row k on.
            a[k * columns + k] -= alpha
            var vv = 0.0
            for i in k..<rows { vv += a[i * columns + k] * a[i * columns + k] }
            diagonal[k] = alpha
            if vv == 0 { continue }
            for j in (k + 1)..<max(columns, k + 1) {
                var dot = 0.0
                for i in k..<rows { dot += a[i * columns + k] * a[i * columns + j] }
                let f = 2 * dot / vv
                for i in k..<rows { a[i * columns + j] -= f * a[i * columns + k] }
            }
            var dot = 0.0
            for i in k..<rows { dot += a[i * columns + k] * b[i] }
            let f = 2 * dot / vv
            for i in k..<rows { b[i] -= f * a[i * columns + k] }
        }
        let largest = diagonal.map(abs).max() ?? 0
        guard diagonal.allSatisfy({ abs($0) > 1e-11 * largest }) else { return nil }
        var coefficients = [Double](repeating: 0, count: columns)
        for k in stride(from: columns - 1, through: 0, by: -1) {
            var s = b[k]
            for j in (k + 1)..<max(columns, k + 1) { s -= a[k * columns + j] * coefficients[j] }
            coefficients[k] = s / diagonal[k]
        }
        var rss = 0.0
        for i in columns..<rows { rss += b[i] * b[i] }
        return (coefficients, rss)
    }

    /// Minimises ½‖r(p)‖² by Levenberg–Marquardt (Marquardt 1963, with the
    /// diagonal of JᵀJ as scaling, as MINPACK's `lmder`).
    ///
    /// Each step solves (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr; a step that lowers the
    /// cost (and is `admissible`) is taken and λ divided by 3, otherwise λ is
    /// multiplied by 4. Stops when the largest relative step is below 1e-15,
    /// the cost stops falling, or after `maxIterations`.
    ///
    /// - Parameters:
    ///   - start: the initial parameters.
    ///   - rows: the number of residuals.
    ///   - evaluate: fills `residuals` (rows) and `jacobian` (rows × parameters, row-major) at `p`.
    ///   - admissible: whether a trial point may be taken (e.g. a width stays positive).
    /// - Returns: the parameters and the residual sum of squares there.
    public static func levenbergMarquardt(
        start: [Double], rows: Int, maxIterations: Int = 300,
        admissible: ([Double]) -> Bool = { _ in true },
        evaluate: (_ p: [Double], _ residuals: inout [Double], _ jacobian: inout [Double]) -> Void
    ) -> (parameters: [Double], rss: Double) {
        let m = start.count
        var p = start
        var r = [Double](repeating: 0, count: rows), jac = [Double](repeating: 0, count: rows * m)
        var trialR = r, trialJ = jac
        evaluate(p, &r, &jac)
        var cost = r.reduce(0) { $0 + $1 * $1 }
        var lambda = 1e-3
        var normal = [Double](repeating: 0, count: m * m), gradient = [Double](repeating: 0, count: m)
        var stalls = 0
        for _ in 0..<maxIterations {
            for a in 0..<m {
                var g = 0.0
                for i in 0..<rows { g += jac[i * m + a] * r[i] }
                gradient[a] = g
                for b in a..<m {
                    var s = 0.0
                    for i in 0..<rows { s += jac[i * m + a] * jac[i * m + b] }
                    normal[a * m + b] = s; normal[b * m + a] = s
                }
            }
            if gradient.allSatisfy({ $0 == 0 }) { break }
            var accepted = false
            while lambda < 1e20 {
                var system = normal
                for a in 0..<m { system[a * m + a] += lambda * max(normal[a * m + a], 1e-300) }
                guard let step = solveSymmetric(system, gradient.map { -$0 }) else { lambda *= 4; continue }
                let trial = zip(p, step).map(+)
                if !trial.allSatisfy({ $0.isFinite }) || !admissible(trial) { lambda *= 4; continue }
                evaluate(trial, &trialR, &trialJ)
                let trialCost = trialR.reduce(0) { $0 + $1 * $1 }
                if trialCost.isFinite, trialCost <= cost {
                    let relative = zip(step, p).map { abs($0) / max(abs($1), 1e-300) }.max() ?? 0
                    stalls = trialCost < cost ? 0 : stalls + 1
                    p = trial; r = trialR; jac = trialJ; cost = trialCost
                    lambda = max(lambda / 3, 1e-12)
                    accepted = true
                    if relative < 1e-15 { stalls = 10 }
                    break
                }
                lambda *= 4
            }
            if !accepted || stalls >= 3 { break }
        }
        return (p, cost)
    }

    /// Solves the small symmetric positive definite system `a x = b` by
    /// Cholesky; `nil` when `a` is not positive definite.
    static func solveSymmetric(_ a: [Double], _ b: [Double]) -> [Double]? {
        let n = b.count
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        var z = b
        for i in 0..<n {
            for k in 0..<i { z[i] -= l[i * n + k] * z[k] }
            z[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { z[i] -= l[k * n + i] * z[k] }
            z[i] /= l[i * n + i]
        }
        return z
    }

    /// The minimum of `f` on [a, b] by golden-section search (Kiefer 1953),
    /// to the last few bits of the arguments; `f` should be unimodal there.
    public static func goldenSection(_ a: Double, _ b: Double, _ f: (Double) -> Double) -> (x: Double, value: Double) {
        let ratio = (5.0.squareRoot() - 1) / 2
        var lo = a, hi = b
        var c = hi - ratio * (hi - lo), d = lo + ratio * (hi - lo)
        var fc = f(c), fd = f(d)
        var best = (x: lo, value: f(lo))
        let fb = f(hi)
        if fb < best.value { best = (hi, fb) }
        for _ in 0..<200 {
            if hi - lo <= 4 * Double.ulpOfOne * max(abs(lo), abs(hi)) + 1e-300 { break }
            if fc <= fd {
                hi = d; d = c; fd = fc
                c = hi - ratio * (hi - lo); fc = f(c)
            } else {
                lo = c; c = d; fc = fd
                d = lo + ratio * (hi - lo); fd = f(d)
            }
        }
        if fc < best.value { best = (c, fc) }
        if fd < best.value { best = (d, fd) }
        return best
    }
}
