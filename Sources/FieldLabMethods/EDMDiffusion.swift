import Foundation
import FieldLabCore
import FieldLabFields
import FieldLabSampling

/// Diffusion in the EDM formulation (Karras et al. 2022, "Elucidating the
/// Design Space of Diffusion-Based Generative Models").
///
/// Time is the noise level σ. A training example is x = y + σε with
/// ln σ ~ N(P_mean, P_std²); the denoiser is D(x; σ) = c_skip x + c_out F(c_in x, c_noise) with
///
///     c_skip = σ_d² / (σ² + σ_d²),  c_out = σ σ_d / √(σ² + σ_d²),
///     c_in = 1 / √(σ² + σ_d²),     c_noise = ¼ ln σ,
///
/// and the loss weight λ = (σ² + σ_d²)/(σ σ_d)² makes the network's own loss
/// ‖F − (y − c_skip x)/c_out‖² with weight 1 (λ c_out² = 1). Sampling follows
/// dx/dσ = (x − D(x; σ))/σ from σ_max to σ_min on the ρ-spaced grid, from the
/// prior N(0, σ_max² I).
///
/// σ_d defaults to 0.5, EDM's own value, although standardised data have
/// std 1: with σ_d = 1 and Adam at lr 5e-3, training on the symmetric
/// `8gaussians` stalled at the zero-output saddle (loss 2.00 after 3000 steps,
/// sliced W2 5.3× its noise floor), while σ_d = 0.5 or 0.7 reached the floor
/// (0.94×) in 1500 steps; on `moons` both worked.
///
/// The defaults are tuned for 2D data in `notebooks-exported/tuning/`
/// (`fieldlab experiment tuning`, 4 datasets × 3 seeds at `train`'s budget,
/// n = 10 000): the image values σ_max = 80, ρ = 7 (``ImageModelConstants``)
/// gave 6.0× the sliced W₂ floor at 20 network evaluations; σ_max = 4, ρ = 3
/// give 1.10× on the worst dataset (stages 1 and 3). The noise law, σ_d, the
/// weighting (stages 5–7) and the optimiser (stages 8–9, ``DefaultOptimizer``) kept
/// EDM's values: none of the alternatives did better.
public struct EDMDiffusion: GenerativeMethod {
    public var sigmaData = 0.5
    public var meanLogSigma = -1.2
    public var stdLogSigma = 1.2
    public var sigmaMin = 0.002
    public var sigmaMax = 4.0
    public var rho = 3.0
    public var lossWeighting = LossWeighting.edm

    /// The weight λ(σ) of the denoising loss λ‖D − y‖², as a weight on the
    /// network's own loss, scaled to at most 1.
    public enum LossWeighting: Int, CaseIterable, Sendable {
        /// EDM's λ = 1/c_out²: every σ weighs the same on the network's loss.
        case edm = 0
        /// λ ∝ 1/σ² (DDPM's ε-prediction loss): σ_d²/(σ² + σ_d²) on the network's loss.
        case eps = 1
        /// λ ∝ 1 (predicting the data): σ²/(σ² + σ_d²) on the network's loss.
        case x0 = 2

        public var name: String { String(describing: self) }
        public init?(name: String) {
            guard let w = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = w
        }
    }

    public init() {}

    public init(parameters: [String: Double]) {
        sigmaData = parameters["sigma_data"] ?? sigmaData
        meanLogSigma = parameters["p_mean"] ?? meanLogSigma
        stdLogSigma = parameters["p_std"] ?? stdLogSigma
        sigmaMin = parameters["sigma_min"] ?? sigmaMin
        sigmaMax = parameters["sigma_max"] ?? sigmaMax
        rho = parameters["rho"] ?? rho
        lossWeighting = parameters["loss_weighting"].flatMap { LossWeighting(rawValue: Int($0)) } ?? lossWeighting
    }

    public var kind: MethodKind { .diffusion }

    /// (`loss_weighting` only when it is not EDM's, so that runs from before
    /// it existed keep their configurations.)
    public var parameters: [String: Double] {
        var p = ["sigma_data": sigmaData, "p_mean": meanLogSigma, "p_std": stdLogSigma,
                 "sigma_min": sigmaMin, "sigma_max": sigmaMax, "rho": rho]
        if lossWeighting != .edm { p["loss_weighting"] = Double(lossWeighting.rawValue) }
        return p
    }

    /// σ_max, σ_min and ρ set the prior and the time grid; training draws σ
    /// from the log-normal alone.
    public var samplingParameters: Set<String> { ["sigma_max", "sigma_min", "rho"] }

    /// 10 Heun steps (20 network evaluations; stage 16 of the tuning: Heun at
    /// 20 steps, RK4 at 5 to 20 were 1.41–1.55× on the worst dataset, against
    /// 1.10× here, as the noise range was chosen at this sampler).
    public var defaultSampler: DefaultSampler { DefaultSampler(solver: .heun, steps: 10) }

    public var summary: String {
        "EDM: ln σ ~ N(\(meanLogSigma), \(stdLogSigma)²), σ_data \(sigmaData), σ ∈ [\(sigmaMin), \(sigmaMax)], ρ = \(rho)"
            + (lossWeighting == .edm ? "" : ", loss weighting \(lossWeighting.name)")
    }

    /// Draws the training noise level σ (log-normal).
    public func sampleTrainingSigma(using rng: inout SeededGenerator) -> Double {
        exp(meanLogSigma + stdLogSigma * rng.nextGaussian())
    }

    /// The training example for data point y perturbed to x at noise level σ.
    public func example(y: Point, perturbed x: Point, sigma: Double) -> TrainingExample {
        let p = denoiserCoefficients(sigma: sigma)
        return TrainingExample(input: x * p.cIn, conditioning: p.cNoise,
                               target: (y - p.cSkip * x) / p.cOut, weight: lossWeight(sigma: sigma))
    }

    public func trainingExample(for y: Point, using rng: inout SeededGenerator) -> TrainingExample {
        let sigma = sampleTrainingSigma(using: &rng)
        let (e1, e2) = rng.nextGaussianPair()
        return example(y: y, perturbed: y + sigma * Point(e1, e2), sigma: sigma)
    }

    /// The weight of an example at σ on the network's loss (1 for EDM's λ).
    public func lossWeight(sigma: Double) -> Double {
        let s2 = sigma * sigma, d2 = sigmaData * sigmaData
        switch lossWeighting {
        case .edm: return 1
        case .eps: return d2 / (s2 + d2)
        case .x0: return s2 / (s2 + d2)
        }
    }

    /// (c_skip, c_out, c_in, c_noise) at σ.
    public func denoiserCoefficients(sigma: Double) -> (cSkip: Double, cOut: Double, cIn: Double, cNoise: Double) {
        let s2 = sigma * sigma, d2 = sigmaData * sigmaData
        let root = (s2 + d2).squareRoot()
        return (d2 / (s2 + d2), sigma * sigmaData / root, 1 / root, log(sigma) / 4)
    }

    public func preconditioning(at sigma: Double) -> Preconditioning {
        let p = denoiserCoefficients(sigma: sigma)
        // dx/dσ = (x − c_skip x − c_out F)/σ.
        return Preconditioning(inputScale: p.cIn, conditioning: p.cNoise,
                               skip: (1 - p.cSkip) / sigma, output: -p.cOut / sigma)
    }

    public func samplePrior(count: Int, using rng: inout SeededGenerator) -> Matrix<Double> {
        var m = Matrix<Double>(rows: count, columns: 2)
        for i in 0..<count {
            let (a, b) = rng.nextGaussianPair()
            m[i, 0] = sigmaMax * a
            m[i, 1] = sigmaMax * b
        }
        return m
    }

    /// N(0, σ_max² I): −ln(2π σ_max²) − ‖x‖²/(2σ_max²).
    public func priorLogDensity(_ x: Point) -> Double {
        -log(2 * Double.pi * sigmaMax * sigmaMax) - (x * x).sum() / (2 * sigmaMax * sigmaMax)
    }

    public func timeGrid(steps: Int) -> [Double] {
        TimeGrid.karras(steps: steps, sigmaMax: sigmaMax, sigmaMin: sigmaMin, rho: rho)
    }

    /// The sampling grid, continued down to `finalScale` when that is below σ_min.
    /// The exact field of a finite set is stiff at small σ (it snaps onto
    /// single points), so its grid keeps EDM's ρ = 7 and ends at σ ≤ 0.002
    /// whatever the network sampler's tuned range (σ_min = 0.02 and ρ = 3
    /// left PFGM++'s exact samples at N = 16 384 75 % memorised, not 95 %).
    public func exactTimeGrid(steps: Int, finalScale: Double) -> [Double] {
        TimeGrid.karras(steps: steps, sigmaMax: sigmaMax, sigmaMin: min(sigmaMin, 0.002, finalScale), rho: 7)
    }

    /// The likelihood integrates out to σ ≥ 80, where the marginal is the
    /// Gaussian prior to within (1/80)² of the data's variance (the data are
    /// standardised): at the tuned σ_max = 4 the marginal has variance 17
    /// against the prior's 16, and the exact NLL was 0.26 nats off.
    public var likelihoodMethod: any GenerativeMethod {
        var wide = self
        wide.sigmaMax = max(sigmaMax, 80)
        return wide
    }

    /// The ideal denoiser at σ is the Gaussian-weighted mean of the training points.
    public func exactKernel(at sigma: Double) -> (kernel: FieldKernel, queryScale: Double) {
        (.gaussian(sigma: sigma), 1)
    }

    /// dx/dσ = (x − D*(x; σ)) / σ.
    public func velocity(at x: Point, denoised: Point, time sigma: Double) -> Point {
        (x - denoised) / sigma
    }
}
