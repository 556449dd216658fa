import Foundation
import FieldLabCore
import FieldLabFields
import FieldLabSampling

/// Flow matching on the linear (rectified-flow) path (Lipman et al. 2023;
/// Liu et al. 2023): x_t = (1 − t) ε + t y with ε ~ N(0, I), t from 0 (noise)
/// to 1 (data). The network regresses the conditional velocity y − ε, and
/// sampling integrates dx/dt = F(x, t) from t = 0 to 1.
///
/// Training times are uniform, or logit-normal (`logitNormalScale > 0`:
/// t = sigmoid(s·n), n ~ N(0, 1), Esser et al. 2024) to spend more of the
/// budget at intermediate times.
///
/// With `minibatchOT`, noise and data are paired inside each minibatch by an
/// exact optimal assignment of squared distances before interpolating
/// (OT-CFM, Tong et al. 2023; Pooladian et al. 2023), in blocks of
/// `otBlockSize` so that the assignment stays cheap: straighter paths, which
/// pay off when sampling with few steps.
///
/// The defaults are tuned for 2D data in `notebooks-exported/tuning/`
/// (`fieldlab experiment tuning`, 4 datasets × 3 seeds at `train`'s budget,
/// n = 10 000): uniform times with 5 Heun steps (10 network evaluations;
/// stage 11: 1.35× the sliced W₂ floor on the worst dataset, logit-normal
/// times at scale 1 tie at 1.35×, scale 0.5 is 5.2×; Euler at 10 steps is
/// 4.7×), and Adam at lr 0.005 with EMA 0.99 (stage 12: 1.20× on the worst
/// dataset, against 1.30× at lr 0.01 and 1.35× at EMA 0.999).
public struct FlowMatching: GenerativeMethod {
    public var logitNormalScale = 0.0
    /// The sampler's time grid: t_k = u_k / (u_k + s (1 − u_k)) for uniform
    /// u_k (the shift of Esser et al. 2024): s = 1 is uniform, s < 1 puts
    /// the steps closer together near the data (t = 1).
    public var timeShift = 1.0
    public var minibatchOT = false
    public var otBlockSize = 128

    public init(minibatchOT: Bool = false) {
        self.minibatchOT = minibatchOT
    }

    public init(parameters: [String: Double]) {
        logitNormalScale = parameters["logit_normal_scale"] ?? logitNormalScale
        minibatchOT = (parameters["minibatch_ot"] ?? 0) != 0
        otBlockSize = Int(parameters["ot_block"] ?? Double(otBlockSize))
        timeShift = parameters["time_shift"] ?? timeShift
    }

    public var kind: MethodKind { .flowMatching }
    /// (`time_shift` only when it is not 1, so that runs from before it existed keep their configurations.)
    public var parameters: [String: Double] {
        var p = ["logit_normal_scale": logitNormalScale, "minibatch_ot": minibatchOT ? 1 : 0, "ot_block": Double(otBlockSize)]
        if timeShift != 1 { p["time_shift"] = timeShift }
        return p
    }

    /// The time grid's shift only changes how the network is sampled.
    public var samplingParameters: Set<String> { ["time_shift"] }

    public var defaultSampler: DefaultSampler { DefaultSampler(solver: .heun, steps: 5) }
    public var defaultOptimizer: DefaultOptimizer { DefaultOptimizer(learningRate: 0.005, emaDecay: 0.99, learningRateFloor: 0.1) }
    public var summary: String {
        (logitNormalScale > 0 ? "Flow matching: linear path, t = sigmoid(\(logitNormalScale)·N(0,1))"
                              : "Flow matching: linear path, t ~ U(0, 1)")
            + (minibatchOT ? ", minibatch-OT coupling (blocks of \(otBlockSize))" : "")
            + (timeShift == 1 ? "" : ", time grid shifted by \(timeShift)")
    }

    public func trainingBatch(for ys: [Point], using rng: inout SeededGenerator) -> [TrainingExample] {
        guard minibatchOT else { return ys.map { trainingExample(for: $0, using: &rng) } }
        let noise = ys.map { _ in let (a, b) = rng.nextGaussianPair(); return Point(a, b) }
        var examples: [TrainingExample] = []
        examples.reserveCapacity(ys.count)
        for start in stride(from: 0, to: ys.count, by: max(1, otBlockSize)) {
            let block = start..<min(ys.count, start + max(1, otBlockSize))
            let n = block.count
            var cost = [Double](repeating: 0, count: n * n)
            for (i, e) in noise[block].enumerated() {
                for (j, y) in ys[block].enumerated() { cost[i * n + j] = ((e - y) * (e - y)).sum() }
            }
            let partner = LinearAssignment.solve(cost: cost, n: n)
            for i in 0..<n {
                examples.append(example(y: ys[block.lowerBound + partner[i]], noise: noise[block.lowerBound + i],
                                        time: sampleTrainingTime(using: &rng)))
            }
        }
        return examples
    }

    /// Independent coupling: one example per point, in place. Minibatch OT
    /// solves assignments, which allocate (it is the costly variant anyway).
    public func fillTrainingBatch(for ys: [Point], into examples: inout [TrainingExample],
                                  using rng: inout SeededGenerator) {
        precondition(examples.count == ys.count, "one example slot per data point")
        if minibatchOT {
            examples = trainingBatch(for: ys, using: &rng)
        } else {
            for i in ys.indices { examples[i] = trainingExample(for: ys[i], using: &rng) }
        }
    }

    /// Draws a training time t ∈ (0, 1).
    public func sampleTrainingTime(using rng: inout SeededGenerator) -> Double {
        logitNormalScale > 0 ? 1 / (1 + exp(-logitNormalScale * rng.nextGaussian())) : rng.nextUniform()
    }

    /// The example for data y, noise ε and time t.
    public func example(y: Point, noise: Point, time t: Double) -> TrainingExample {
        TrainingExample(input: (1 - t) * noise + t * y, conditioning: t, target: y - noise, weight: 1)
    }

    public func trainingExample(for y: Point, using rng: inout SeededGenerator) -> TrainingExample {
        let t = sampleTrainingTime(using: &rng)
        let (e1, e2) = rng.nextGaussianPair()
        return example(y: y, noise: Point(e1, e2), time: t)
    }

    public func preconditioning(at t: Double) -> Preconditioning {
        Preconditioning(inputScale: 1, conditioning: t, skip: 0, output: 1)
    }

    public func samplePrior(count: Int, using rng: inout SeededGenerator) -> Matrix<Double> {
        var m = Matrix<Double>(rows: count, columns: 2)
        for i in 0..<count {
            let (a, b) = rng.nextGaussianPair()
            m[i, 0] = a
            m[i, 1] = b
        }
        return m
    }

    /// N(0, I): −ln(2π) − ‖x‖²/2.
    public func priorLogDensity(_ x: Point) -> Double {
        -log(2 * Double.pi) - (x * x).sum() / 2
    }

    public func timeGrid(steps: Int) -> [Double] {
        let uniform = TimeGrid.uniform(from: 0, to: 1, steps: steps)
        guard timeShift != 1 else { return uniform }
        return uniform.map { u in u / (u + timeShift * (1 - u)) }
    }

    /// On the linear path x_t = (1 − t) ε + t y, p(x_t | y) is a Gaussian of
    /// width (1 − t) around t·y, so E[y | x_t] is the Gaussian-weighted mean
    /// with σ = (1 − t)/t around x_t / t.
    public func exactKernel(at t: Double) -> (kernel: FieldKernel, queryScale: Double) {
        let time = max(t, 1e-12)
        return (.gaussian(sigma: (1 - time) / time), 1 / time)
    }

    /// dx/dt = (E[y | x] − x) / (1 − t).
    public func velocity(at x: Point, denoised: Point, time t: Double) -> Point {
        (denoised - x) / (1 - t)
    }

    /// EDM's ρ-spaced σ grid mapped onto the path, t = 1/(1 + σ), after the
    /// prior at t = 0: uniform steps in t would leave the last step to jump
    /// from σ ≈ 0.06 to 0, where the exact field snaps onto single points (and
    /// its velocity is singular at t = 1, so the grid ends at σ = 0.002 or
    /// `finalScale`, whichever is smaller).
    public func exactTimeGrid(steps: Int, finalScale: Double) -> [Double] {
        let sigmaMin = min(0.002, finalScale)
        guard steps > 1 else { return [0, 1 / (1 + sigmaMin)] }
        return [0] + TimeGrid.karras(steps: steps - 1, sigmaMax: 80, sigmaMin: sigmaMin).map { 1 / (1 + $0) }
    }
}
