import FieldLabCore

/// Heun's method (the explicit trapezoidal rule), second order:
///
///     k₁ = v(x₀, t₀),   k₂ = v(x₀ + h·k₁, t₁),   x₁ = x₀ + h·(k₁ + k₂)/2.
///
/// Two field evaluations per step. It is EDM's deterministic sampler (Karras
/// et al. 2022, Algorithm 1), which ends with a plain Euler step when the last
/// time is σ = 0, where the field (x − D)/σ is undefined: set `eulerAtZero`
/// for that.
public struct Heun: ODESolver, Sendable {
    /// Take an Euler step (one evaluation) when `t1 == 0`, instead of
    /// evaluating the field at t = 0. Off by default: flows that are regular
    /// at 0 (flow matching run backwards) keep second order on that step.
    public var eulerAtZero: Bool

    private var k1 = Matrix<Double>(rows: 0, columns: 0)
    private var k2 = Matrix<Double>(rows: 0, columns: 0)
    private var predictor = Matrix<Double>(rows: 0, columns: 0)

    public init(eulerAtZero: Bool = false) {
        self.eulerAtZero = eulerAtZero
    }

    public var name: String { "heun" }
    public var evaluationsPerStep: Int { 2 }

    public func evaluations(from t0: Double, to t1: Double) -> Int {
        eulerAtZero && t1 == 0 ? 1 : 2
    }

    public mutating func step<F: VectorField>(_ field: inout F, state x: inout Matrix<Double>,
                                              from t0: Double, to t1: Double) {
        let h = t1 - t0
        Elementwise.shape(&k1, like: x)
        field.velocity(at: x, time: t0, into: &k1)
        if eulerAtZero && t1 == 0 {
            Elementwise.add(&x, h, times: k1)
            return
        }
        Elementwise.shape(&k2, like: x)
        Elementwise.shape(&predictor, like: x)
        Elementwise.set(&predictor, to: x, plus: h, times: k1)
        field.velocity(at: predictor, time: t1, into: &k2)
        Elementwise.add(&x, h / 2, times: k1, h / 2, times: k2)
    }
}
