import FieldLabSampling

/// The solver and number of steps a method samples with when none is given.
public struct DefaultSampler: Sendable, Equatable {
    public var solver: SolverKind
    public var steps: Int

    public init(solver: SolverKind, steps: Int) {
        self.solver = solver
        self.steps = steps
    }

    /// Network evaluations per sample.
    public var evaluations: Int { solver.evaluationsPerStep * steps }

    /// This sampler with the solver and steps that are given replaced.
    public func overridden(solver: SolverKind?, steps: Int?) -> DefaultSampler {
        DefaultSampler(solver: solver ?? self.solver, steps: steps ?? self.steps)
    }
}
