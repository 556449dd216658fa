import Foundation

/// Time grids for `integrate`: `steps` steps give `steps + 1` times, first and
/// last exactly the requested endpoints. Grids may run in either direction.
public enum TimeGrid {
    /// EDM's noise levels (Karras et al. 2022, eq. 5):
    ///
    ///     σ_i = (σ_max^(1/ρ) + i/n·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ,   i = 0…n
    ///
    /// from σ_max down to σ_min, with no final σ = 0 (append it when a sampler
    /// should end there; EDM's `generate.py` does, with N = n + 1 levels). ρ = 7
    /// spends more steps at small σ, where the data's detail is resolved;
    /// ρ = 1 is uniform.
    public static func karras(steps: Int, sigmaMax: Double, sigmaMin: Double, rho: Double = 7) -> [Double] {
        precondition(steps >= 1, "A time grid needs at least one step")
        precondition(sigmaMin >= 0 && sigmaMax > sigmaMin, "Need 0 ≤ sigmaMin < sigmaMax")
        precondition(rho > 0, "rho must be positive")
        let a = pow(sigmaMax, 1 / rho), b = pow(sigmaMin, 1 / rho)
        var grid = (0...steps).map { i in pow(a + Double(i) / Double(steps) * (b - a), rho) }
        grid[0] = sigmaMax
        grid[steps] = sigmaMin
        return grid
    }

    /// Equally spaced times, t_i = from + i/n·(to − from), i = 0…n.
    public static func uniform(from start: Double, to end: Double, steps: Int) -> [Double] {
        precondition(steps >= 1, "A time grid needs at least one step")
        var grid = (0...steps).map { i in start + Double(i) / Double(steps) * (end - start) }
        grid[steps] = end
        return grid
    }

    /// Geometrically spaced times, t_i = from·(to/from)^(i/n), i = 0…n: equal
    /// steps in log t. Both ends must be non-zero and of the same sign.
    public static func logUniform(from start: Double, to end: Double, steps: Int) -> [Double] {
        precondition(steps >= 1, "A time grid needs at least one step")
        precondition(start != 0 && end != 0 && (start > 0) == (end > 0),
                     "logUniform needs non-zero ends of the same sign")
        let ratio = log(end / start)
        var grid = (0...steps).map { i in start * exp(Double(i) / Double(steps) * ratio) }
        grid[0] = start
        grid[steps] = end
        return grid
    }
}
