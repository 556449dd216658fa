import Foundation
import Testing
import FieldLabCore
@testable import FieldLabSampling

@Suite struct StochasticHeunTests {
    /// EDM's probability-flow ODE for data N(0, s²I), whose exact denoiser is
    /// D(x; σ) = x·s²/(s² + σ²): dx/dσ = (x − D)/σ = x·σ/(s² + σ²).
    static func gaussianField(dataStd s: Double) -> ClosureField {
        ClosureField { x, sigma, v in
            let k = sigma / (s * s + sigma * sigma)
            for i in 0..<x.count { v.storage[i] = k * x.storage[i] }
        }
    }

    static func prior(rows: Int, columns: Int = 2, sigma: Double, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix<Double>(rows: rows, columns: columns)
        for i in 0..<x.count { x.storage[i] = sigma * rng.nextGaussian() }
        return x
    }

    static let grid = TimeGrid.karras(steps: 32, sigmaMax: 80, sigmaMin: 0.002)

    @Test func sameSeedSameOutputDifferentSeedDifferent() {
        let x0 = Self.prior(rows: 50, sigma: 80, seed: 1)
        func sample(seed: UInt64) -> Matrix<Double> {
            var field = Self.gaussianField(dataStd: 0.5)
            var solver = StochasticHeun(churn: 40, steps: 32, seed: seed)
            return integrate(&field, solver: &solver, from: x0, grid: Self.grid).final
        }
        #expect(sample(seed: 7) == sample(seed: 7))
        #expect(sample(seed: 7) != sample(seed: 8))
    }

    /// Without churn no noise is drawn and the step is Heun's, operation for
    /// operation, so the results are bit-for-bit equal (`==` on purpose).
    @Test func zeroChurnEqualsHeun() {
        let x0 = Self.prior(rows: 50, sigma: 80, seed: 2)
        var field = Self.gaussianField(dataStd: 0.5)
        var stochastic = StochasticHeun(churn: 0, steps: 32, seed: 3)
        var heun = Heun()
        let a = integrate(&field, solver: &stochastic, from: x0, grid: Self.grid)
        let b = integrate(&field, solver: &heun, from: x0, grid: Self.grid)
        #expect(a.final == b.final)
        #expect(a.evaluations == b.evaluations)
    }

    /// One step on a zero field isolates the churn: x₁ − x₀ = S_noise·sqrt(t̂² − t₀²)·ε
    /// with t̂ = t₀(1 + γ), γ = min(S_churn/N, √2 − 1); and no change outside [sMin, sMax].
    @Test func churnAddsNoiseOfTheRightSize() {
        var zero = ClosureField { x, _, v in
            for i in 0..<x.count { v.storage[i] = 0 }
        }
        let t0 = 2.0, churn = 5.0, steps = 20, sNoise = 1.25
        var solver = StochasticHeun(churn: churn, steps: steps, sNoise: sNoise, seed: 11)
        var x = Matrix<Double>(rows: 20_000, columns: 2)
        solver.step(&zero, state: &x, from: t0, to: 1.5)
        let gamma = 0.25   // 5/20, below √2 − 1
        let expected = sNoise * t0 * ((1 + gamma) * (1 + gamma) - 1).squareRoot()
        #expect(isClose(standardDeviation(x.storage), expected, relative: 0.02))

        // γ is capped at √2 − 1, so the noise is at most t₀·sqrt(2 − 1).
        #expect(isClose(StochasticHeun(churn: 100, steps: 10, seed: 0).gamma(at: 1), 2.0.squareRoot() - 1))

        var outside = StochasticHeun(churn: churn, steps: steps, sMin: 0.05, sMax: 1, seed: 11)
        var y = Matrix<Double>(rows: 10, columns: 2)
        outside.step(&zero, state: &y, from: t0, to: 1.5)
        #expect(y.storage.allSatisfy { $0 == 0 })
    }

    /// Sampling N(0, s²) from σ = 80 down to 0.002 gives std ≈ s, with and
    /// without churn, once the grid is fine enough (128 steps). (The EDM prior
    /// N(0, 80²) differs from the exact marginal N(0, 80² + s²) by 2e-5 in
    /// std, far below the tolerance; sampling error is about 0.4 %.)
    @Test(arguments: [0.0, 10.0, 40.0])
    func recoversTheDataStd(_ churn: Double) {
        let s = 0.5, steps = 128
        let x0 = Self.prior(rows: 20_000, sigma: 80, seed: 5)
        var field = Self.gaussianField(dataStd: s)
        var solver = StochasticHeun(churn: churn, steps: steps, sMin: 0.01, sMax: 50, seed: 6)
        let result = integrate(&field, solver: &solver, from: x0,
                               grid: TimeGrid.karras(steps: steps, sigmaMax: 80, sigmaMin: 0.002))
        let expected = (s * s + 0.002 * 0.002).squareRoot()
        let std = standardDeviation(result.final.storage)
        #expect(isClose(std, expected, relative: 0.02), "churn \(churn): std \(std), expected \(expected)")
    }

    /// On a coarse grid churn costs accuracy (32 steps: std 0.507 without
    /// churn, 0.520 and 0.524 with churn 10 and 40, for s = 0.5). The sampler
    /// is linear here, so the variance follows a scalar recursion, computed
    /// independently below: churn adds t̂² − t₀², each Heun step multiplies by
    /// its factor squared. The samples must follow it to sampling error.
    @Test(arguments: [0.0, 10.0, 40.0])
    func followsTheVarianceRecursionOfTheScheme(_ churn: Double) {
        let s = 0.5, steps = 32, sMin = 0.01, sMax = 50.0
        let grid = TimeGrid.karras(steps: steps, sigmaMax: 80, sigmaMin: 0.002)
        var variance = 80.0 * 80.0
        for (t0, t1) in zip(grid, grid.dropFirst()) {
            let gamma = (sMin...sMax).contains(t0) ? min(churn / Double(steps), 2.0.squareRoot() - 1) : 0
            let tHat = t0 * (1 + gamma)
            variance += tHat * tHat - t0 * t0
            let rate = { (t: Double) in t / (s * s + t * t) }
            let h = t1 - tHat
            let factor = 1 + h / 2 * (rate(tHat) + rate(t1) * (1 + h * rate(tHat)))
            variance *= factor * factor
        }
        let x0 = Self.prior(rows: 20_000, sigma: 80, seed: 9)
        var field = Self.gaussianField(dataStd: s)
        var solver = StochasticHeun(churn: churn, steps: steps, sMin: sMin, sMax: sMax, seed: 10)
        let result = integrate(&field, solver: &solver, from: x0, grid: grid)
        let std = standardDeviation(result.final.storage)
        #expect(isClose(std, variance.squareRoot(), relative: 0.015),
                "churn \(churn): std \(std), recursion \(variance.squareRoot())")
    }
}
