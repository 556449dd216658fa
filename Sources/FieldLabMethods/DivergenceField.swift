import FieldLabCore
import FieldLabSampling

/// A vector field that also knows its exact divergence ∇·v (the trace of its
/// 2 × 2 Jacobian), for likelihoods by the probability-flow ODE.
public protocol DivergenceField: VectorField {
    /// Velocity of every row of `x` at time `t` into `v`, and ∇·v into `divergence`.
    mutating func velocityAndDivergence(at x: Matrix<Double>, time t: Double,
                                        into v: inout Matrix<Double>, divergence: inout [Double])
}

/// The exact field of a Gaussian data distribution N(0, s² I), in closed
/// form: the ideal denoiser is E[y | x] = x·s²/(s² + σ²) for EDM at σ, and
/// E[y | x_t] = x·t s²/(t² s² + (1 − t)²) on the flow-matching path. Its
/// likelihood is known exactly, which makes it the reference for the
/// likelihood machinery.
public struct GaussianDataField: DivergenceField {
    public let method: any GenerativeMethod
    public let dataStd: Double

    public init(method: any GenerativeMethod, dataStd: Double = 1) {
        precondition(method.kind != .poisson, "the Gaussian's exact field is closed-form for EDM and flow matching only")
        self.method = method
        self.dataStd = dataStd
    }

    /// v = a(t)·x: the velocity is linear in x, so ∇·v = 2a(t).
    func slope(at t: Double) -> Double {
        let s2 = dataStd * dataStd
        switch method.kind {
        case .flowMatching:
            let gain = t * s2 / (t * t * s2 + (1 - t) * (1 - t))  // E[y|x] = gain·x
            return (gain - 1) / (1 - t)
        default:
            return (1 - s2 / (s2 + t * t)) / t  // (x − D)/σ
        }
    }

    public mutating func velocity(at x: Matrix<Double>, time t: Double, into v: inout Matrix<Double>) {
        let a = slope(at: t)
        for i in 0..<x.storage.count { v.storage[i] = a * x.storage[i] }
    }

    public mutating func velocityAndDivergence(at x: Matrix<Double>, time t: Double,
                                               into v: inout Matrix<Double>, divergence: inout [Double]) {
        velocity(at: x, time: t, into: &v)
        let div = 2 * slope(at: t)
        for i in 0..<x.rows { divergence[i] = div }
    }
}
