import FieldLabCore

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
    /// The affine map from network output to ODE velocity at time `t`.
    func preconditioning(at t: Double) -> Preconditioning
    /// `count` draws from the prior at the start of the time grid (rows of an `count × 2` matrix).
    func samplePrior(count: Int, using rng: inout SeededGenerator) -> Matrix<Double>
    /// The sampling time grid with `steps` steps (`steps + 1` times, from prior to data).
    func timeGrid(steps: Int) -> [Double]
    /// Metadata that, with `kind`, recreates the method (saved in checkpoints).
    var parameters: [String: Double] { get }
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
