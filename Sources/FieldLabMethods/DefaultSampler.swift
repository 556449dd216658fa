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
}
