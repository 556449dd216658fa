import FieldLabCore

/// The explicit Euler method, first order:
///
///     x₁ = x₀ + h·v(x₀, t₀),   h = t₁ − t₀.
///
/// One field evaluation per step. Flow matching's reference samplers use it
/// with 100 steps (Lipman et al. 2023; torchcfm's 2D runner).
public struct Euler: ODESolver, Sendable {
    private var k1 = Matrix<Double>(rows: 0, columns: 0)

    public init() {}

    public var name: String { "euler" }
    public var evaluationsPerStep: Int { 1 }

    public mutating func step<F: VectorField>(_ field: inout F, state x: inout Matrix<Double>,
                                              from t0: Double, to t1: Double) {
        Elementwise.shape(&k1, like: x)
        field.velocity(at: x, time: t0, into: &k1)
        Elementwise.add(&x, t1 - t0, times: k1)
    }
}
