import FieldLabCore

/// The classical fourth-order Runge–Kutta method (Kutta 1901):
///
///     k₁ = v(x₀, t₀)
///     k₂ = v(x₀ + h/2·k₁, t₀ + h/2)
///     k₃ = v(x₀ + h/2·k₂, t₀ + h/2)
///     k₄ = v(x₀ + h·k₃,   t₀ + h)
///     x₁ = x₀ + h/6·(k₁ + 2k₂ + 2k₃ + k₄)
///
/// Four field evaluations per step.
public struct RungeKutta4: ODESolver, Sendable {
    private var k1 = Matrix<Double>(rows: 0, columns: 0)
    private var k2 = Matrix<Double>(rows: 0, columns: 0)
    private var k3 = Matrix<Double>(rows: 0, columns: 0)
    private var k4 = Matrix<Double>(rows: 0, columns: 0)
    private var stage = Matrix<Double>(rows: 0, columns: 0)

    public init() {}

    public var name: String { "rk4" }
    public var evaluationsPerStep: Int { 4 }

    public mutating func step<F: VectorField>(_ field: inout F, state x: inout Matrix<Double>,
                                              from t0: Double, to t1: Double) {
        let h = t1 - t0, half = t0 + h / 2
        Elementwise.shape(&k1, like: x)
        Elementwise.shape(&k2, like: x)
        Elementwise.shape(&k3, like: x)
        Elementwise.shape(&k4, like: x)
        Elementwise.shape(&stage, like: x)

        field.velocity(at: x, time: t0, into: &k1)
        Elementwise.set(&stage, to: x, plus: h / 2, times: k1)
        field.velocity(at: stage, time: half, into: &k2)
        Elementwise.set(&stage, to: x, plus: h / 2, times: k2)
        field.velocity(at: stage, time: half, into: &k3)
        Elementwise.set(&stage, to: x, plus: h, times: k3)
        field.velocity(at: stage, time: t1, into: &k4)

        Elementwise.add(&x, h / 6, times: k1, h / 3, times: k2)
        Elementwise.add(&x, h / 3, times: k3, h / 6, times: k4)
    }
}
