import FieldLabCore

/// EDM's stochastic sampler step (Karras et al. 2022, "Elucidating the Design
/// Space of Diffusion-Based Generative Models", Algorithm 2): "churn" adds
/// fresh noise, then a Heun step removes more than was added.
///
/// For a step from σ = t₀ to t₁ (t₁ < t₀, the time is the noise level):
///
///     γ  = min(S_churn / N, √2 − 1)  if t₀ ∈ [S_tmin, S_tmax], else 0
///     t̂  = t₀·(1 + γ)
///     x̂  = x + S_noise·sqrt(t̂² − t₀²)·ε,   ε ~ N(0, I)
///     x₁ = Heun step of the ODE from (x̂, t̂) to t₁
///
/// The noise lifts the batch back to the noise level it would have at t̂, so
/// the ODE then corrects errors made by earlier steps (Karras et al. §4).
/// With `churn = 0` (or t₀ outside [sMin, sMax]) no random numbers are drawn
/// and the step is exactly `Heun`'s.
///
/// The field is only evaluated at t̂ and t₁; like `Heun`, set `eulerAtZero`
/// for a grid that ends at σ = 0, where Algorithm 2 takes an Euler step.
public struct StochasticHeun: ODESolver, Sendable {
    /// S_churn: the total amount of churn over the whole grid.
    public var churn: Double
    /// N: the number of steps of the grid (γ = S_churn / N per step).
    public var steps: Int
    /// Churn only where sMin ≤ t₀ ≤ sMax.
    public var sMin: Double
    public var sMax: Double
    /// S_noise: a multiplier on the added noise (slightly above 1 in EDM's
    /// ImageNet setting, to offset the denoiser's tendency to remove too much).
    public var sNoise: Double

    private var heun: Heun
    private var generator: SeededGenerator
    private var noise = Matrix<Double>(rows: 0, columns: 0)

    /// - Parameters:
    ///   - churn: S_churn ≥ 0.
    ///   - steps: the grid's number of steps N ≥ 1.
    ///   - sMin, sMax: the range of t₀ where churn applies.
    ///   - sNoise: the noise multiplier S_noise.
    ///   - seed: seeds the generator of the added noise.
    ///   - eulerAtZero: take an Euler step into t₁ = 0 (see `Heun`).
    public init(churn: Double, steps: Int, sMin: Double = 0, sMax: Double = .infinity,
                sNoise: Double = 1, seed: UInt64, eulerAtZero: Bool = false) {
        precondition(churn >= 0, "churn must be non-negative")
        precondition(steps >= 1, "steps must be at least 1")
        self.churn = churn
        self.steps = steps
        self.sMin = sMin
        self.sMax = sMax
        self.sNoise = sNoise
        self.heun = Heun(eulerAtZero: eulerAtZero)
        self.generator = SeededGenerator(seed: seed)
    }

    public var name: String { "stochastic-heun" }
    public var evaluationsPerStep: Int { 2 }

    public func evaluations(from t0: Double, to t1: Double) -> Int {
        heun.evaluations(from: t0, to: t1)
    }

    /// γ for a step that starts at `t0`.
    public func gamma(at t0: Double) -> Double {
        guard t0 >= sMin && t0 <= sMax else { return 0 }
        return min(churn / Double(steps), 2.0.squareRoot() - 1)
    }

    public mutating func step<F: VectorField>(_ field: inout F, state x: inout Matrix<Double>,
                                              from t0: Double, to t1: Double) {
        let gamma = gamma(at: t0)
        var tHat = t0
        if gamma > 0 {
            tHat = t0 * (1 + gamma)
            let std = sNoise * (tHat * tHat - t0 * t0).squareRoot()
            Elementwise.shape(&noise, like: x)
            Self.fillGaussian(&noise, using: &generator)
            Elementwise.add(&x, std, times: noise)
        }
        heun.step(&field, state: &x, from: tHat, to: t1)
    }

    /// Fills `m` with independent standard normal draws, two per Box–Muller pair.
    private static func fillGaussian(_ m: inout Matrix<Double>, using generator: inout SeededGenerator) {
        let n = m.count
        m.storage.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i + 1 < n {
                let (a, b) = generator.nextGaussianPair()
                p[i] = a; p[i + 1] = b
                i += 2
            }
            if i < n { p[i] = generator.nextGaussian() }
        }
    }
}
