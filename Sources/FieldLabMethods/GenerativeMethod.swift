import FieldLabCore
import FieldLabFields
import FieldLabSampling

/// One way of turning data into noise and back: how a training example is made
/// from a data point, how the network output becomes the velocity of the
/// sampling ODE, the prior at the largest scale and the default time grid.
///
/// Every method trains the same network F(c_in·x, c) on the same loss,
/// `weight · ‖F − target‖²`, and samples by integrating
///
///     dx/dt = skip(t) · x + output(t) · F(c_in(t) · x, c(t))
///
/// along its time grid with a shared ODE solver. The network never knows
/// which method uses it.
public protocol GenerativeMethod: Sendable {
    var kind: MethodKind { get }
    /// A one-line description with the method's constants.
    var summary: String { get }
    /// Draws one training example for the data point `y`.
    func trainingExample(for y: Point, using rng: inout SeededGenerator) -> TrainingExample
    /// Training examples for a minibatch of data points (by default one
    /// `trainingExample` each; a method may couple the batch, e.g. OT flow matching).
    func trainingBatch(for ys: [Point], using rng: inout SeededGenerator) -> [TrainingExample]
    /// `trainingBatch` written into `examples` (as long as `ys`), so that the
    /// training loop allocates nothing per step; the default fills it with one
    /// `trainingExample` per point.
    func fillTrainingBatch(for ys: [Point], into examples: inout [TrainingExample], using rng: inout SeededGenerator)
    /// The affine map from network output to ODE velocity at time `t`.
    func preconditioning(at t: Double) -> Preconditioning
    /// `count` draws from the prior at the start of the time grid (rows of an `count × 2` matrix).
    func samplePrior(count: Int, using rng: inout SeededGenerator) -> Matrix<Double>
    /// log density of the prior at `x` (nats), for likelihoods by the probability-flow ODE.
    func priorLogDensity(_ x: Point) -> Double
    /// The sampling time grid with `steps` steps (`steps + 1` times, from prior to data).
    func timeGrid(steps: Int) -> [Double]
    /// Metadata that, with `kind`, recreates the method (saved in checkpoints).
    var parameters: [String: Double] { get }
    /// The keys of ``parameters`` that only the sampler reads (the prior's
    /// scale, the time grid): networks trained with settings that differ only
    /// in these are the same network.
    var samplingParameters: Set<String> { get }
    /// The solver and steps this method samples with by default.
    var defaultSampler: DefaultSampler { get }
    /// The optimiser settings this method trains with by default.
    var defaultOptimizer: DefaultOptimizer { get }
    /// The method the likelihood's ODE integrates with: this one, with its
    /// prior far enough out to be the marginal there.
    var likelihoodMethod: any GenerativeMethod { get }

    /// The kernel of the method's exact field at time `t`: for a finite
    /// training set the ideal denoiser is the kernel-weighted mean of the
    /// training points around `queryScale · x` (DESIGN.md §1).
    func exactKernel(at t: Double) -> (kernel: FieldKernel, queryScale: Double)
    /// The ODE velocity at `x` and time `t` when the ideal denoiser gives `denoised`.
    func velocity(at x: Point, denoised: Point, time t: Double) -> Point
    /// The time grid for integrating the exact field, from the prior to the
    /// time where the kernel's width is `finalScale` (data units) or the
    /// method's own smallest scale, whichever is smaller. The exact field of a
    /// finite set is stiff at small scales (it snaps onto single points), so
    /// the grid must be dense there.
    func exactTimeGrid(steps: Int, finalScale: Double) -> [Double]
}

extension GenerativeMethod {
    public var samplingParameters: Set<String> { [] }
    public var defaultSampler: DefaultSampler { DefaultSampler(solver: .heun, steps: 18) }
    public var defaultOptimizer: DefaultOptimizer { .standard }
    public var likelihoodMethod: any GenerativeMethod { self }

    public func trainingBatch(for ys: [Point], using rng: inout SeededGenerator) -> [TrainingExample] {
        ys.map { trainingExample(for: $0, using: &rng) }
    }

    public func fillTrainingBatch(for ys: [Point], into examples: inout [TrainingExample],
                                  using rng: inout SeededGenerator) {
        precondition(examples.count == ys.count, "one example slot per data point")
        for i in ys.indices { examples[i] = trainingExample(for: ys[i], using: &rng) }
    }

    /// The exact-field grid down to the method's own smallest scale.
    public func exactTimeGrid(steps: Int) -> [Double] { exactTimeGrid(steps: steps, finalScale: .infinity) }
}

/// A training example: the network sees `input` and `conditioning`, and is
/// trained towards `target` with loss weight `weight`.
public struct TrainingExample: Sendable, Equatable {
    public var input: Point
    public var conditioning: Double
    public var target: Point
    public var weight: Double

    public init(input: Point, conditioning: Double, target: Point, weight: Double = 1) {
        self.input = input
        self.conditioning = conditioning
        self.target = target
        self.weight = weight
    }
}

/// How the network enters the ODE at one time t:
/// velocity = skip · x + output · F(inputScale · x, conditioning).
public struct Preconditioning: Sendable, Equatable {
    public var inputScale: Double
    public var conditioning: Double
    public var skip: Double
    public var output: Double

    public init(inputScale: Double, conditioning: Double, skip: Double, output: Double) {
        self.inputScale = inputScale
        self.conditioning = conditioning
        self.skip = skip
        self.output = output
    }
}

/// The three families, as named on the command line.
public enum MethodKind: String, CaseIterable, Codable, Sendable {
    case diffusion
    case flowMatching = "flow-matching"
    case poisson

    public var displayName: String {
        switch self {
        case .diffusion: "Diffusion (EDM)"
        case .flowMatching: "Flow matching"
        case .poisson: "Poisson flow (PFGM++)"
        }
    }
}

/// Recreates a method from its kind and saved parameters (defaults for any missing).
public func makeMethod(kind: MethodKind, parameters: [String: Double] = [:]) -> any GenerativeMethod {
    switch kind {
    case .diffusion:
        return EDMDiffusion(parameters: parameters)
    case .flowMatching:
        return FlowMatching(parameters: parameters)
    case .poisson:
        return PoissonFlow(parameters: parameters)
    }
}

/// A uniformly random direction in the plane.
@inline(__always)
func randomDirection(using rng: inout SeededGenerator) -> Point {
    let angle = 2 * Double.pi * rng.nextUniform()
    return Point(cos(angle), sin(angle))
}

import Foundation
