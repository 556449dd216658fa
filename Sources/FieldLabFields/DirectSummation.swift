import FieldLabCore
import Foundation

/// The ideal denoiser by summing over every training point: the O(N) reference
/// that the grid is tested against, and the fallback where a grid cannot be right.
public enum DirectSummation {
    /// `D*(x) = Σᵢ K(x − yᵢ)·yᵢ / Σᵢ K(x − yᵢ)` over all `points`.
    ///
    /// Weights are formed in the log domain relative to the nearest point
    /// (log-sum-exp), so nothing overflows or underflows to 0/0 however far
    /// `x` is or however narrow the kernel: a query 10⁶ away at σ = 10⁻⁴ gets
    /// the nearest point.
    public static func denoise(_ x: Point, points: [Point], kernel: FieldKernel) -> Point {
        precondition(!points.isEmpty, "DirectSummation.denoise needs at least one point")
        kernel.validate()
        var nearest = 0, best = Double.infinity
        for (i, y) in points.enumerated() {
            let d = x - y, s = (d * d).sum()
            if s < best { best = s; nearest = i }
        }
        var sum = WeightedMean(query: x, reference: points[nearest], kernel: kernel)
        for y in points { sum.add(y) }
        return sum.mean
    }
}

/// A running kernel-weighted mean of points around one query, weighted relative
/// to a reference point (the nearest, or nearly so) so that the largest weight
/// is about 1.
///
/// The squared-distance excess ‖x − y‖² − ‖x − y_ref‖² is formed as
/// `(y_ref − y)·((x − y) + (x − y_ref))`, which keeps its relative accuracy when
/// x is far away (the plain difference of two 10¹² numbers would not).
struct WeightedMean {
    let query: Point
    let reference: Point
    /// ‖x − y_ref‖².
    let nearest: Double
    private let weight: RelativeWeight
    private(set) var weightSum = 0.0
    /// Σ w·(y − y_ref).
    private(set) var offsetSum = Point.zero

    init(query: Point, reference: Point, kernel: FieldKernel) {
        self.query = query
        self.reference = reference
        let d = query - reference
        nearest = (d * d).sum()
        weight = RelativeWeight(kernel: kernel, nearest: nearest)
    }

    @inline(__always)
    mutating func add(_ y: Point) {
        let excess = ((reference - y) * ((query - y) + (query - reference))).sum()
        let w = weight(excess: excess)
        weightSum += w
        offsetSum += w * (y - reference)
    }

    /// D*(x). The reference's own weight is 1, so `weightSum ≥ 1` once it is added.
    var mean: Point { reference + offsetSum / weightSum }
}

/// `K(u)/K(u_ref)` as a function of the squared-distance excess
/// `‖u‖² − ‖u_ref‖²`, with what depends only on the kernel and the reference
/// worked out once.
///
/// For PFGM++ with an integer `2 + D` (every D a user picks) the ratio is
/// `q^((2+D)/2)` with `q = (r² + ‖u_ref‖²)/(r² + ‖u‖²) ≤ 1`, a power by
/// repeated squaring (and one square root for odd `2 + D`): several times
/// cheaper than `exp(a·log1p(·))`, and it cannot overflow. Other `D` use the logs.
struct RelativeWeight {
    private enum Form {
        case gaussian(scale: Double)                    // w = e^(scale·excess), scale = −1/(2σ²)
        case integerPower(base: Double, exponent: Int)  // w = q^(n/2), q = base/(base + excess)
        case general(base: Double, exponent: Double)    // w = exp(−a·log1p(excess/base))
    }
    private let form: Form

    init(kernel: FieldKernel, nearest: Double) {
        switch kernel {
        case .gaussian(let sigma):
            form = .gaussian(scale: -1 / (2 * sigma * sigma))
        case .poisson(let r, let d):
            let base = r * r + nearest, n = 2 + d
            if n == n.rounded(), n <= 1_048_576 {
                form = .integerPower(base: base, exponent: Int(n))
            } else {
                form = .general(base: base, exponent: n / 2)
            }
        }
    }

    @inline(__always)
    func callAsFunction(excess: Double) -> Double {
        switch form {
        case .gaussian(let scale):
            return Foundation.exp(scale * excess)
        case .integerPower(let base, let n):
            let q = base / (base + excess)
            var result = n & 1 == 1 ? q.squareRoot() : 1
            var power = q, e = n >> 1
            while e > 0 {
                if e & 1 == 1 { result *= power }
                e >>= 1
                if e > 0 { power *= power }
            }
            return result
        case .general(let base, let a):
            return Foundation.exp(-a * Foundation.log1p(excess / base))
        }
    }
}
