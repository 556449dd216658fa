import FieldLabCore

/// The deterministic solvers by name, for command-line options and sweeps
/// (`CaseIterable`, so help can list them).
public enum SolverKind: String, CaseIterable, Codable, Sendable {
    case euler, heun, rk4, dopri5

    /// A fresh solver of this kind (fixed steps; Dormand–Prince's adaptive
    /// mode is `DormandPrince.integrateAdaptive`).
    public func makeSolver() -> any ODESolver {
        switch self {
        case .euler: Euler()
        case .heun: Heun()
        case .rk4: RungeKutta4()
        case .dopri5: DormandPrince()
        }
    }

    /// Field evaluations per step, so budgets can be compared at equal cost.
    public var evaluationsPerStep: Int {
        switch self {
        case .euler: 1
        case .heun: 2
        case .rk4: 4
        case .dopri5: 6
        }
    }

    /// The order of accuracy p (global error ∝ hᵖ).
    public var order: Int {
        switch self {
        case .euler: 1
        case .heun: 2
        case .rk4: 4
        case .dopri5: 5
        }
    }
}
