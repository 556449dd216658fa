import Foundation

/// A power law y = c·x^b fitted by ordinary least squares on (ln x, ln y):
/// the exponent b, the prefactor c, and the exponent's standard error (from
/// the residual variance, n − 2 degrees of freedom). The plain fit behind
/// scaling laws such as σ_C ∝ N^(−1/d) or τ_mem ∝ N^b; intervals that come
/// from resampling the data use it once per resample.
public struct PowerLawFit: Sendable, Equatable {
    public var exponent: Double
    public var prefactor: Double
    /// Standard error of the exponent (0 for an exact fit, ∞ for two points).
    public var exponentError: Double
    public var count: Int

    /// Fits the positive pairs of (x, y); nil with fewer than two distinct x.
    public init?(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "x and y must have the same length (\(x.count) vs \(y.count))")
        let pairs = zip(x, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }
        let u = pairs.map { log($0.0) }, v = pairs.map { log($0.1) }
        let n = Double(u.count)
        guard u.count >= 2 else { return nil }
        let mu = u.reduce(0, +) / n, mv = v.reduce(0, +) / n
        var suu = 0.0, suv = 0.0
        for (a, b) in zip(u, v) {
            suu += (a - mu) * (a - mu)
            suv += (a - mu) * (b - mv)
        }
        guard suu > 0 else { return nil }
        exponent = suv / suu
        prefactor = exp(mv - exponent * mu)
        count = u.count
        if u.count > 2 {
            var rss = 0.0
            for (a, b) in zip(u, v) { let r = b - (mv + exponent * (a - mu)); rss += r * r }
            exponentError = (rss / (n - 2) / suu).squareRoot()
        } else {
            exponentError = .infinity
        }
    }

    /// c·x^b.
    public func callAsFunction(_ x: Double) -> Double { prefactor * pow(x, exponent) }
}
