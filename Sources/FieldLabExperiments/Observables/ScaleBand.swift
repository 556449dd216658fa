import Foundation
import FieldLabMethods

/// The three scale bands of the per-band observables, by the method's noise
/// scale σ: **low** σ < 0.1, **mid** 0.1 ≤ σ ≤ 1, **high** σ > 1 (standard
/// frame, data std 1). σ is EDM's noise level, PFGM++'s σ (r = σ√D) and,
/// for flow matching at time t, the equivalent σ = (1 − t)/t (x_t/t is the
/// data plus Gaussian noise of that width).
public enum ScaleBand: Int, CaseIterable, Sendable {
    case low, mid, high

    public var name: String {
        switch self {
        case .low: "low"
        case .mid: "mid"
        case .high: "high"
        }
    }

    public init(sigma: Double) {
        self = sigma < 0.1 ? .low : sigma <= 1 ? .mid : .high
    }

    /// σ of a training example from its conditioning input: EDM and PFGM++
    /// condition on c_noise = ¼ ln σ, flow matching on t.
    public static func sigma(conditioning c: Double, kind: MethodKind) -> Double {
        switch kind {
        case .diffusion, .poisson: exp(4 * c)
        case .flowMatching: c > 0 ? (1 - c) / c : .infinity
        }
    }

    /// The method's ODE time at σ: σ itself, or t = 1/(1 + σ) for flow matching.
    public static func time(sigma: Double, kind: MethodKind) -> Double {
        kind == .flowMatching ? 1 / (1 + sigma) : sigma
    }
}
