/// The constants every method had before the tuning for 2D data
/// (`notebooks-exported/tuning/`): EDM's values for images (σ ∈ [0.002, 80]
/// on a ρ = 7 grid, ln σ ~ N(−1.2, 1.2²), σ_data = 0.5, EDM's weighting),
/// PFGM++ with the same at D = 4, and flow matching with uniform times and an
/// independent coupling.
///
/// The phase experiments and the tuning's first stages write these out in
/// their sweeps instead of reading the defaults, so their reports stay
/// reproducible, point for point, when the defaults move.
public enum ImageModelConstants {
    public static let edm: [String: Double] = ["sigma_max": 80, "rho": 7, "sigma_min": 0.002, "p_mean": -1.2,
                                               "p_std": 1.2, "sigma_data": 0.5]
    public static let poisson: [String: Double] = edm.merging(["extra_dims": 4]) { $1 }
    public static let flowMatching: [String: Double] = ["logit_normal_scale": 0, "minibatch_ot": 0, "ot_block": 128]
    /// The optimiser every method trained with.
    public static let optimizer = DefaultOptimizer.standard

    /// The complete constants of `kind`.
    public static func parameters(for kind: MethodKind) -> [String: Double] {
        switch kind {
        case .diffusion: edm
        case .poisson: poisson
        case .flowMatching: flowMatching
        }
    }

    /// Every method's constants in one dictionary, for a sweep whose method
    /// axis changes the method (each method reads its own keys; PFGM++
    /// shares EDM's and adds D).
    public static var all: [String: Double] {
        poisson.merging(flowMatching) { $1 }
    }
}
