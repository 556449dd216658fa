import Foundation

/// The mean of repeated measurements (seeds) with its Student-t confidence
/// interval: mean ± t(1 − α/2, n − 1) · s / √n, s the sample standard
/// deviation (n − 1 in the denominator).
public struct MeanInterval: Sendable, Equatable, Codable {
    public var mean: Double
    public var low: Double
    public var high: Double
    public var count: Int

    /// The mean of the finite `values` and its interval at `confidence`
    /// (0.90, 0.95 or 0.99); with one value the interval is that value.
    /// `nil` when no value is finite.
    public init?(_ values: [Double], confidence: Double = 0.95) {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        let n = finite.count
        let mean = finite.reduce(0, +) / Double(n)
        self.mean = mean
        self.count = n
        guard n > 1 else { low = mean; high = mean; return }
        let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let half = Self.studentQuantile(confidence: confidence, degreesOfFreedom: n - 1) * (variance / Double(n)).squareRoot()
        low = mean - half
        high = mean + half
    }

    /// The two-sided Student-t quantile t(1 − α/2, ν) by bisection on the
    /// regularised incomplete beta function: P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2).
    public static func studentQuantile(confidence: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(confidence > 0 && confidence < 1 && nu >= 1, "quantile needs 0 < confidence < 1 and ν ≥ 1")
        let alpha = 1 - confidence
        var lo = 0.0, hi = 1e4
        for _ in 0..<200 {
            let t = 0.5 * (lo + hi)
            let tail = incompleteBeta(Double(nu) / (Double(nu) + t * t), a: Double(nu) / 2, b: 0.5)
            if tail > alpha { lo = t } else { hi = t }
        }
        return 0.5 * (lo + hi)
    }

    /// Regularised incomplete beta I_x(a, b) by its continued fraction
    /// (Numerical Recipes' Lentz form), using the symmetry for x > (a+1)/(a+b+2).
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logGammas + logPowers
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, a: b, b: a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var f = d
        for m in 1...300 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; f *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            f *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return exp(logFront) * f / a
    }
}
