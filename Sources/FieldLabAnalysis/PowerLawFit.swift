import FieldLabCore
import Foundation

/// A power law y = A · x^b, fitted by ordinary least squares on
/// (ln x, ln y): b = Σ(u − ū)(v − v̄) / Σ(u − ū)², ln A = v̄ − b·ū with
/// u = ln x, v = ln y. The interval on the exponent b is a percentile
/// bootstrap: over seeds when some x is repeated (``Bootstrap/seedResample(y:groups:using:)``
/// on ln y, independently at each distinct x), else over the residuals.
///
/// It is the "log-log slope with its interval" of scaling laws such as
/// τ_mem ∝ N (Bonnaire, Urfin, Biroli, Mézard 2025).
public struct PowerLawFit: Sendable, Equatable {
    /// The exponent b.
    public var exponent: Double
    /// The prefactor A.
    public var prefactor: Double
    /// The exponent's percentile interval.
    public var low: Double
    public var high: Double
    public var confidence: Double
    /// ln y − (ln A + b ln x), in input order.
    public var residuals: [Double]
    /// Resamples whose refit was defined (all x equal in a resample cannot happen; kept for the record).
    public var resamples: Int

    /// A · x^b.
    public func value(at x: Double) -> Double { prefactor * Foundation.pow(x, exponent) }

    /// Fits y = A·x^b to `samples` (x, y > 0, at least two distinct x).
    /// - Throws: ``AnalysisError/invalidArgument(_:)`` for a non-positive or
    ///   non-finite value, fewer than two distinct x, or a bad confidence.
    public static func fit(_ samples: CurveSamples, confidence: Double = 0.95, resamples: Int = 1000,
                           seed: UInt64 = 0) throws -> PowerLawFit {
        guard confidence > 0, confidence < 1 else {
            throw AnalysisError.invalidArgument("confidence must be in (0, 1), got \(confidence)")
        }
        for (x, y) in zip(samples.x, samples.y) where !(x.isFinite && y.isFinite && x > 0 && y > 0) {
            throw AnalysisError.invalidArgument("a power-law fit needs finite x, y > 0, got (\(x), \(y))")
        }
        let groups = samples.groups
        guard groups.count >= 2 else {
            throw AnalysisError.invalidArgument("a power-law fit needs ≥ 2 distinct x, got \(groups.count)")
        }
        let u = samples.x.map { Foundation.log($0) }, v = samples.y.map { Foundation.log($0) }
        let (b, lnA) = line(u, v)
        let fitted = u.map { lnA + b * $0 }
        let residuals = zip(v, fitted).map { $0 - $1 }
        var generator = SeededGenerator(seed: seed)
        let bySeeds = groups.contains { $0.count > 1 }
        var slopes: [Double] = []
        for _ in 0..<resamples {
            let w = bySeeds
                ? Bootstrap.seedResample(y: v, groups: groups, using: &generator)
                : Bootstrap.residualResample(fitted: fitted, residuals: residuals, parameterCount: 2, using: &generator)
            slopes.append(line(u, w).slope)
        }
        let (low, high) = slopes.isEmpty ? (b, b) : Bootstrap.percentileInterval(slopes, confidence: confidence)
        return PowerLawFit(exponent: b, prefactor: Foundation.exp(lnA), low: min(low, b), high: max(high, b),
                           confidence: confidence, residuals: residuals, resamples: slopes.count)
    }

    /// The least-squares line v = intercept + slope · u (u not all equal).
    static func line(_ u: [Double], _ v: [Double]) -> (slope: Double, intercept: Double) {
        let n = Double(u.count)
        let uMean = u.reduce(0, +) / n, vMean = v.reduce(0, +) / n
        var suv = 0.0, suu = 0.0
        for (a, c) in zip(u, v) {
            suv += (a - uMean) * (c - vMean)
            suu += (a - uMean) * (a - uMean)
        }
        let slope = suv / suu
        return (slope, vMean - slope * uMean)
    }
}
