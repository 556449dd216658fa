import Foundation
import Testing
@testable import FieldLabSampling

@Suite struct TimeGridTests {
    @Test func karrasEndpointsAndMonotonicity() {
        let grid = TimeGrid.karras(steps: 18, sigmaMax: 80, sigmaMin: 0.002)
        #expect(grid.count == 19)
        #expect(grid.first == 80 && grid.last == 0.002)
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 > $1 })
    }

    /// The formula at one interior point, computed by hand.
    @Test func karrasInteriorPoint() {
        let grid = TimeGrid.karras(steps: 4, sigmaMax: 16, sigmaMin: 1, rho: 2)
        // (4 + 2/4·(1 − 4))² = 2.5² = 6.25
        #expect(isClose(grid[2], 6.25))
    }

    /// ρ = 7 spends steps at small σ: the first step is much larger than the last.
    @Test func karrasConcentratesStepsAtSmallSigma() {
        let grid = TimeGrid.karras(steps: 18, sigmaMax: 80, sigmaMin: 0.002)
        #expect(grid[0] - grid[1] > 1000 * (grid[17] - grid[18]))
    }

    @Test func karrasWithRhoOneIsUniform() {
        let karras = TimeGrid.karras(steps: 10, sigmaMax: 5, sigmaMin: 0.5, rho: 1)
        let uniform = TimeGrid.uniform(from: 5, to: 0.5, steps: 10)
        for (a, b) in zip(karras, uniform) { #expect(isClose(a, b, relative: 1e-14)) }
        #expect(isClose(uniform[1], 4.55))
    }

    @Test func uniformHasEqualStepsInEitherDirection() {
        for (from, to) in [(0.0, 1.0), (1.0, 0.0)] {
            let grid = TimeGrid.uniform(from: from, to: to, steps: 8)
            #expect(grid.count == 9 && grid.first == from && grid.last == to)
            for (a, b) in zip(grid, grid.dropFirst()) { #expect(isClose(b - a, (to - from) / 8, absolute: 1e-15)) }
        }
    }

    @Test func logUniformHasEqualRatios() {
        let grid = TimeGrid.logUniform(from: 10, to: 0.01, steps: 6)
        #expect(grid.count == 7 && grid.first == 10 && grid.last == 0.01)
        for (a, b) in zip(grid, grid.dropFirst()) { #expect(isClose(b / a, 0.316227766016838, relative: 1e-12)) }
    }
}
