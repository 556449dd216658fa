import Foundation

/// The difference of two groups' means (seeds of two settings) with Welch's
/// confidence interval: (ā − b̄) ± t(1 − α/2, ν) · √(s_a²/n_a + s_b²/n_b), ν the
/// Welch–Satterthwaite degrees of freedom, rounded down (Welch 1947).
public struct MeanDifference: Sendable, Equatable {
    public var difference: Double
    public var low: Double
    public var high: Double
    /// ν before rounding down.
    public var degreesOfFreedom: Double

    /// nil unless both groups have at least two finite values.
    public init?(_ a: [Double], _ b: [Double], confidence: Double = 0.95) {
        let a = a.filter(\.isFinite), b = b.filter(\.isFinite)
        guard a.count >= 2, b.count >= 2 else { return nil }
        func moments(_ v: [Double]) -> (mean: Double, varianceOfMean: Double) {
            let n = Double(v.count), mean = v.reduce(0, +) / n
            return (mean, v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) / n)
        }
        let (ma, va) = moments(a), (mb, vb) = moments(b)
        difference = ma - mb
        let standardError = (va + vb).squareRoot()
        let denominator = va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1)
        degreesOfFreedom = denominator > 0 ? (va + vb) * (va + vb) / denominator : Double(a.count + b.count - 2)
        let nu = max(1, Int(degreesOfFreedom.rounded(.down)))
        let half = MeanInterval.studentQuantile(confidence: confidence, degreesOfFreedom: nu) * standardError
        low = difference - half
        high = difference + half
    }

    public var containsZero: Bool { low <= 0 && 0 <= high }
}
