import FieldLabCore

/// The outcome of `integrate`.
public struct IntegrationResult: Sendable {
    /// The state at the last grid time.
    public var final: Matrix<Double>
    /// The recorded paths (`nil` when `recordCount` was 0).
    public var trajectory: Trajectory?
    /// Field evaluations used (network forward passes, for a network field).
    public var evaluations: Int
}

/// Integrates `field` along `grid` with one solver step per grid interval.
///
/// - Parameters:
///   - field: the vector field (mutable: it may keep scratch buffers).
///   - solver: the one-step method (mutable: it keeps stage buffers and, for
///     stochastic steps, its generator).
///   - initial: the starting points at `grid[0]`, `n × d`.
///   - grid: the times, in integration order (increasing or decreasing);
///     `grid.count − 1` steps. A one-element grid returns `initial`.
///   - recordCount: record the paths of the first `recordCount` rows at every
///     grid time (clamped to the number of rows; 0 records nothing).
///   - progress: called after each step with (steps done, total steps).
public func integrate<F: VectorField, S: ODESolver>(
    _ field: inout F, solver: inout S, from initial: Matrix<Double>, grid: [Double],
    recordCount: Int = 0, progress: ((Int, Int) -> Void)? = nil
) -> IntegrationResult {
    precondition(!grid.isEmpty, "The time grid is empty")
    precondition(recordCount >= 0, "recordCount must be non-negative")
    var x = initial
    let recorded = min(recordCount, initial.rows)
    var times: [Double] = []
    var states: [Matrix<Double>] = []
    if recorded > 0 {
        times.reserveCapacity(grid.count)
        states.reserveCapacity(grid.count)
        times.append(grid[0])
        states.append(x.rows(0..<recorded))
    }
    let steps = grid.count - 1
    var evaluations = 0
    for i in 0..<steps {
        solver.step(&field, state: &x, from: grid[i], to: grid[i + 1])
        evaluations += solver.evaluations(from: grid[i], to: grid[i + 1])
        if recorded > 0 {
            times.append(grid[i + 1])
            states.append(x.rows(0..<recorded))
        }
        progress?(i + 1, steps)
    }
    let trajectory = recorded > 0 ? Trajectory(times: times, states: states) : nil
    return IntegrationResult(final: x, trajectory: trajectory, evaluations: evaluations)
}
