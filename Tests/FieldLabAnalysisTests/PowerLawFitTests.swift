import Foundation
import Testing
import FieldLabCore
@testable import FieldLabAnalysis

@Suite struct PowerLawFitTests {
    /// x = 1, e, e² and y = 1, e, e³: on logs u = 0, 1, 2 and v = 0, 1, 3, so
    /// by hand b = Σ(u − 1)(v − 4/3) / Σ(u − 1)² = (4/3 + 5/3) / 2 = 3/2 and
    /// ln A = 4/3 − 3/2 = −1/6; the residuals are v − (−1/6 + 3u/2).
    @Test func handComputedLine() throws {
        let e = Foundation.exp(1.0)
        let fit = try PowerLawFit.fit(CurveSamples(x: [1, e, e * e], y: [1, e, e * e * e]), resamples: 200)
        #expect(isClose(fit.exponent, 1.5, relative: 1e-12))
        #expect(isClose(fit.prefactor, Foundation.exp(-1.0 / 6), relative: 1e-12))
        for (r, expected) in zip(fit.residuals, [1.0 / 6, -1.0 / 3, 1.0 / 6]) { #expect(isClose(r, expected, absolute: 1e-12)) }
        #expect(fit.low <= fit.exponent && fit.exponent <= fit.high)
    }

    /// An exact power law is recovered, and its bootstrap interval collapses onto it.
    @Test func exactPowerLaw() throws {
        let x = [8.0, 8, 16, 16, 32, 32, 64, 64]
        let fit = try PowerLawFit.fit(CurveSamples(x: x, y: x.map { 250 * Foundation.pow($0, 0.8) }))
        #expect(isClose(fit.exponent, 0.8, relative: 1e-12) && isClose(fit.prefactor, 250, relative: 1e-10))
        #expect(isClose(fit.low, 0.8, relative: 1e-9) && isClose(fit.high, 0.8, relative: 1e-9))
        #expect(isClose(fit.value(at: 10), 250 * Foundation.pow(10, 0.8), relative: 1e-10))
    }

    /// Multiplicative noise over three seeds: the seed-bootstrap interval holds
    /// the true exponent, the same seed gives the same interval.
    @Test func noisySeedsAndDeterminism() throws {
        var rng = SeededGenerator(seed: 3)
        var x: [Double] = [], y: [Double] = []
        for n in [8.0, 16, 32, 64, 128] {
            for _ in 0..<3 {
                x.append(n)
                y.append(40 * n * Foundation.exp(0.1 * (Double(rng.next() % 2001) / 1000 - 1)))
            }
        }
        let a = try PowerLawFit.fit(CurveSamples(x: x, y: y), seed: 1)
        let b = try PowerLawFit.fit(CurveSamples(x: x, y: y), seed: 1)
        #expect(a == b)
        #expect(a.low < 1 && 1 < a.high && a.high - a.low < 0.2, "\(a.low) \(a.high)")
        #expect(abs(a.exponent - 1) < 0.1)
    }

    /// Against numpy.linalg.lstsq on (1, ln x) → ln y (numpy 1.24:
    /// slope −0.5136451534686042, exp(intercept) 1.4993277854388776).
    @Test func matchesAnIndependentLeastSquares() throws {
        let fit = try PowerLawFit.fit(CurveSamples(x: [8, 16, 32, 64, 128], y: [0.51, 0.37, 0.24, 0.19, 0.12]), resamples: 0)
        #expect(isClose(fit.exponent, -0.5136451534686042, relative: 1e-12))
        #expect(isClose(fit.prefactor, 1.4993277854388776, relative: 1e-12))
        #expect(fit.low == fit.exponent && fit.high == fit.exponent && fit.resamples == 0)
    }

    @Test func badInputThrows() {
        #expect(throws: AnalysisError.self) { try PowerLawFit.fit(CurveSamples(x: [1, 2], y: [1, 0])) }
        #expect(throws: AnalysisError.self) { try PowerLawFit.fit(CurveSamples(x: [2, 2], y: [1, 3])) }
        #expect(throws: AnalysisError.self) { try PowerLawFit.fit(CurveSamples(x: [1, 2], y: [1, 2]), confidence: 1) }
    }
}
