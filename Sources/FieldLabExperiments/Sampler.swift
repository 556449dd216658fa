import FieldLabCore
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling

/// Draws samples from a trained network by integrating its method's ODE from
/// the prior, with any of the shared solvers.
public struct SamplingOptions: Sendable, Equatable {
    public var count: Int
    public var solver: SolverKind
    /// Solver steps (network evaluations = steps × the solver's evaluations per step).
    public var steps: Int
    public var seed: UInt64
    /// Paths of this many points are recorded at every grid time.
    public var trajectoryCount: Int
    /// EDM's stochastic churn (S_churn); > 0 replaces the solver by the
    /// stochastic Heun sampler (diffusion and Poisson flow, whose time is σ).
    public var churn: Double

    public init(count: Int = 10_000, solver: SolverKind = .heun, steps: Int = 18, seed: UInt64 = 0,
                trajectoryCount: Int = 0, churn: Double = 0) {
        self.count = count
        self.solver = solver
        self.steps = steps
        self.seed = seed
        self.trajectoryCount = trajectoryCount
        self.churn = churn
    }
}

public struct SampleResult: Sendable {
    /// Samples in the standard (training) frame.
    public var points: [Point]
    /// Recorded paths, prior to data, in the standard frame.
    public var paths: [[Point]]
    public var evaluations: Int
}

public enum Sampler {
    public static func sample(network: MLP<Float>, method: any GenerativeMethod,
                              options: SamplingOptions) -> SampleResult {
        var rng = SeededGenerator(seed: options.seed)
        let prior = method.samplePrior(count: options.count, using: &rng)
        var field = NetworkField(network: network, method: method)
        var solver: any ODESolver = options.churn > 0
            ? StochasticHeun(churn: options.churn, steps: options.steps, seed: rng.next())
            : options.solver.makeSolver()
        let result = integrateAny(&field, solver: &solver, from: prior, grid: method.timeGrid(steps: options.steps),
                                  recordCount: options.trajectoryCount)
        var paths: [[Point]] = []
        if let trajectory = result.trajectory {
            paths = (0..<trajectory.pointCount).map { trajectory.path(of: $0).points }
        }
        return SampleResult(points: result.final.points, paths: paths, evaluations: field.evaluations)
    }

    /// Opens the existential solver so the generic integrator can be called.
    static func integrateAny<F: VectorField>(_ field: inout F, solver: inout any ODESolver, from initial: Matrix<Double>,
                                             grid: [Double], recordCount: Int) -> IntegrationResult {
        func run<S: ODESolver>(_ s: inout S) -> IntegrationResult {
            integrate(&field, solver: &s, from: initial, grid: grid, recordCount: recordCount)
        }
        return run(&solver)
    }
}
