import FieldLabCore

/// A one-step method for dx/dt = v(x, t): advances a batch of points from one
/// grid time to the next.
///
/// Solvers are structs that own their stage buffers (allocated on the first
/// step, reused afterwards), so a step in a sampling loop does not allocate.
/// That is why `step` is `mutating`.
public protocol ODESolver {
    /// A short name for tables and logs ("euler", "heun", …).
    var name: String { get }

    /// Field evaluations per step: Euler 1, Heun 2, RK4 4, Dormand–Prince 6.
    var evaluationsPerStep: Int { get }

    /// One step from `t0` to `t1`, updating `x` in place.
    ///
    /// `t1` may be smaller than `t0`: integrating backwards in time is normal
    /// (EDM goes from σ = 80 down to σ = 0.002; a likelihood computation runs a
    /// flow backwards).
    mutating func step<F: VectorField>(_ field: inout F, state x: inout Matrix<Double>,
                                       from t0: Double, to t1: Double)

    /// Field evaluations used by the step from `t0` to `t1` (usually
    /// `evaluationsPerStep`; a Heun step that ends at 0 with `eulerAtZero`
    /// uses one). `integrate` sums these.
    func evaluations(from t0: Double, to t1: Double) -> Int
}

extension ODESolver {
    public func evaluations(from t0: Double, to t1: Double) -> Int { evaluationsPerStep }
}
