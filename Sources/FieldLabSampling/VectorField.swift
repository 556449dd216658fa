import FieldLabCore

/// The velocity dx/dt of a batch of points at one time: the only thing a
/// sampler needs to know about a model.
///
/// A network-backed field (EDM's (x − D(x; σ))/σ, flow matching's learned
/// velocity, PFGM++'s field lines), an exact field from the Fields layer and an
/// analytic test field all look the same here. The time is shared by every row
/// because networks evaluate a batch at one noise level, and solvers step a
/// batch together.
public protocol VectorField {
    /// Writes the velocity of every row of `x` at time `t` into `v`.
    ///
    /// - Parameters:
    ///   - x: the points, `n × d` (one point per row).
    ///   - t: the time (noise level σ, Poisson radius r or flow time t).
    ///   - v: the velocities. On entry it already has the shape of `x`, so a
    ///     field only overwrites its elements; it must not read them.
    ///
    /// `mutating` so that a field can keep its own scratch buffers (a network's
    /// activations) and reuse them from call to call.
    mutating func velocity(at x: Matrix<Double>, time t: Double, into v: inout Matrix<Double>)
}

/// A vector field backed by a closure: handy for tests and analytic fields.
///
///     var decay = ClosureField { x, _, v in
///         for i in 0..<x.count { v.storage[i] = -x.storage[i] }
///     }
public struct ClosureField: VectorField {
    private let body: (Matrix<Double>, Double, inout Matrix<Double>) -> Void

    /// A field that calls `body(x, t, &v)` to evaluate the velocity.
    public init(_ body: @escaping (Matrix<Double>, Double, inout Matrix<Double>) -> Void) {
        self.body = body
    }

    public mutating func velocity(at x: Matrix<Double>, time t: Double, into v: inout Matrix<Double>) {
        body(x, t, &v)
    }
}
