import Foundation
import Testing
@testable import FieldLabAnalysis

@Suite struct PowerLawFitTests {
    @Test func exactPowerLawIsRecovered() throws {
        let x = [16.0, 64, 256, 1024, 4096]
        let fit = try #require(PowerLawFit(x: x, y: x.map { 3 * pow($0, -0.5) }))
        #expect(isClose(fit.exponent, -0.5, relative: 1e-12) && isClose(fit.prefactor, 3, relative: 1e-12))
        #expect(fit.exponentError < 1e-12 && fit.count == 5)
        #expect(isClose(fit(100), 0.3, relative: 1e-12))
    }

    /// Against numpy.linalg.lstsq on (1, ln x) → ln y, with the standard
    /// error from s²(AᵀA)⁻¹ (values printed by numpy 1.24).
    @Test func noisyFitMatchesAnIndependentLeastSquares() throws {
        let fit = try #require(PowerLawFit(x: [8, 16, 32, 64, 128], y: [0.51, 0.37, 0.24, 0.19, 0.12]))
        #expect(isClose(fit.exponent, -0.5136451534686042, relative: 1e-12))
        #expect(isClose(fit.prefactor, 1.4993277854388776, relative: 1e-12))
        #expect(isClose(fit.exponentError, 0.02564540773151404, relative: 1e-10))
    }

    @Test func nonPositiveValuesAreLeftOutAndTooFewPointsGiveNil() throws {
        #expect(PowerLawFit(x: [1, 1, 1], y: [1, 2, 3]) == nil)
        #expect(PowerLawFit(x: [1, 2], y: [0, 5]) == nil)
        let two = try #require(PowerLawFit(x: [1, 2, 4], y: [1, -1, 4]))
        #expect(two.count == 2 && isClose(two.exponent, 1, relative: 1e-12) && two.exponentError == .infinity)
    }
}
