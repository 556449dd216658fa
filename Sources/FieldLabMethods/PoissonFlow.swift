import Foundation
import FieldLabCore
import FieldLabFields
import FieldLabSampling

/// Poisson flow generative models: PFGM++ (Xu et al. 2023) with `D` extra
/// dimensions; D = 1 is the original PFGM (Xu et al. 2022), D → ∞ is EDM.
///
/// The data (N = 2) sit in the plane of an (N + D)-dimensional space; their
/// electric field lines carry them to a heavy-tailed prior. With the
/// alignment r = σ√D, training perturbs y by a radius R in a uniform direction,
///
///     R = r √(X / Y),  X ~ Gamma(N/2), Y ~ Gamma(D/2)
///
/// (so R²/r² ~ BetaPrime(N/2, D/2), the paper's Beta trick written without
/// the 1 − b division), and keeps EDM's preconditioning, loss and σ schedule.
/// The kernel of the perturbation is p_r(x | y) ∝ (‖x − y‖² + r²)^(−(N+D)/2),
/// the field of a point charge in N + D dimensions. The prior is the same
/// kernel around the origin at r_max = σ_max √D.
public struct PoissonFlow: GenerativeMethod {
    public var extraDimensions = 4.0
    public var edm = EDMDiffusion(parameters: PoissonFlow.samplerConstants)

    /// PFGM++'s own noise range, tuned for 2D data at D = 4 in
    /// `notebooks-exported/tuning/` (stages 2 and 4: 1.40× the sliced W₂
    /// floor on the worst dataset at 20 network evaluations, against 1.46×
    /// with EDM's σ_min = 0.002). Its training constants are EDM's.
    public static let samplerConstants: [String: Double] = ["sigma_max": 4, "rho": 3, "sigma_min": 0.02]

    public init(extraDimensions: Double = 4) {
        self.extraDimensions = extraDimensions
    }

    public init(parameters: [String: Double]) {
        extraDimensions = parameters["extra_dims"] ?? extraDimensions
        edm = EDMDiffusion(parameters: Self.samplerConstants.merging(parameters) { $1 })
    }

    public var kind: MethodKind { .poisson }
    public var parameters: [String: Double] { edm.parameters.merging(["extra_dims": extraDimensions]) { $1 } }
    public var samplingParameters: Set<String> { edm.samplingParameters }

    /// 10 Heun steps, as EDM (20 network evaluations; stage 17 of the tuning:
    /// 1.40× on the worst dataset, against 1.49–1.57× at Heun 20 and RK4).
    public var defaultSampler: DefaultSampler { DefaultSampler(solver: .heun, steps: 10) }

    public var summary: String {
        "PFGM++: D = \(extraDimensions) extra dimensions (r = σ√D), " + edm.summary.replacingOccurrences(of: "EDM: ", with: "")
    }

    /// The perturbation radius at σ (r = σ√D): R = r √(X/Y).
    public func samplePerturbationRadius(sigma: Double, using rng: inout SeededGenerator) -> Double {
        let r = sigma * extraDimensions.squareRoot()
        let x = rng.nextGamma(shape: 1)  // N/2 with N = 2
        let y = rng.nextGamma(shape: extraDimensions / 2)
        return r * (x / y).squareRoot()
    }

    public func trainingExample(for y: Point, using rng: inout SeededGenerator) -> TrainingExample {
        let sigma = edm.sampleTrainingSigma(using: &rng)
        let radius = samplePerturbationRadius(sigma: sigma, using: &rng)
        return edm.example(y: y, perturbed: y + radius * randomDirection(using: &rng), sigma: sigma)
    }

    public func preconditioning(at sigma: Double) -> Preconditioning {
        edm.preconditioning(at: sigma)
    }

    public func samplePrior(count: Int, using rng: inout SeededGenerator) -> Matrix<Double> {
        var m = Matrix<Double>(rows: count, columns: 2)
        for i in 0..<count {
            let p = samplePerturbationRadius(sigma: edm.sigmaMax, using: &rng) * randomDirection(using: &rng)
            m[i, 0] = p.x
            m[i, 1] = p.y
        }
        return m
    }

    /// The kernel around the origin at r = σ_max√D, normalised over the plane:
    /// p(x) = D r^D / (2π) · (‖x‖² + r²)^(−(2+D)/2)
    /// (∫ 2πρ (ρ² + r²)^(−(2+D)/2) dρ = 2π r^(−D) / D).
    public func priorLogDensity(_ x: Point) -> Double {
        let d = extraDimensions, r = edm.sigmaMax * d.squareRoot()
        return log(d) + d * log(r) - log(2 * Double.pi) - (2 + d) / 2 * log((x * x).sum() + r * r)
    }

    public func timeGrid(steps: Int) -> [Double] {
        edm.timeGrid(steps: steps)
    }

    /// EDM's exact-field grid (σ, with r = σ√D).
    public func exactTimeGrid(steps: Int, finalScale: Double) -> [Double] {
        edm.exactTimeGrid(steps: steps, finalScale: finalScale)
    }

    /// (As EDM's: the prior at σ_max ≥ 80.)
    public var likelihoodMethod: any GenerativeMethod {
        var wide = self
        wide.edm.sigmaMax = max(edm.sigmaMax, 80)
        return wide
    }

    /// The ideal denoiser at σ weights the training points by the Poisson
    /// kernel with r = σ√D: its uK is the field of the charges in N + D dimensions.
    public func exactKernel(at sigma: Double) -> (kernel: FieldKernel, queryScale: Double) {
        (.poissonFlow(sigma: sigma, extraDimensions: extraDimensions), 1)
    }

    /// dx/dσ = (x − D*(x; σ)) / σ (the field line direction E_x / E_r, scaled).
    public func velocity(at x: Point, denoised: Point, time sigma: Double) -> Point {
        (x - denoised) / sigma
    }
}
