import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct EnergyDistanceTests {
    @Test func handComputedCase() {
        // a = {(0,0)}, b = {(3,4)}: 2·5 − 0 − 0.
        #expect(isClose(Distances.energyDistance([Point(0, 0)], [Point(3, 4)]), 10))
        // a = {(0,0), (1,0)}, b = {(0,0)}: 2·(0 + 1)/2 − (0 + 1 + 1 + 0)/4 − 0 = 0.5.
        #expect(isClose(Distances.energyDistance([Point(0, 0), Point(1, 0)], [Point(0, 0)]), 0.5))
    }

    @Test func selfDistanceIsZeroAndArgumentsCommute() {
        let a = gaussianPoints(300, seed: 7), b = uniformPoints(211, seed: 8)
        #expect(Distances.energyDistance(a, a) < 1e-13)
        #expect(isClose(Distances.energyDistance(a, b), Distances.energyDistance(b, a), relative: 1e-13))
    }

    /// 200 vs 200 and uneven sizes that leave partial blocks and SIMD tails.
    @Test(arguments: [(200, 200), (203, 97), (1, 13)])
    func matchesNaiveLoop(sizes: (Int, Int)) {
        let a = gaussianPoints(sizes.0, seed: 31), b = uniformPoints(sizes.1, seed: 32)
        let fast = Distances.energyDistance(a, b)
        #expect(isClose(fast, naiveEnergyDistance(a, b), relative: 1e-12))
        #expect(fast.bitPattern == Distances.energyDistance(a, b).bitPattern)
    }

    /// Large enough for several parallel chunks; bit-identical across calls.
    @Test func largeInputIsDeterministicAndMatchesNaiveLoop() {
        let a = gaussianPoints(1500, seed: 41), b = gaussianPoints(1300, mean: Point(0.3, 0.1), seed: 42)
        let first = Distances.energyDistance(a, b), second = Distances.energyDistance(a, b)
        #expect(first.bitPattern == second.bitPattern)
        #expect(isClose(first, naiveEnergyDistance(a, b), relative: 1e-12))
    }

    /// N(0, I) vs N(μ, I): X − Y ~ N(μ, 2I), so E‖X − Y‖ is the Rice mean
    /// √π·L½(−|μ|²/4) = √π·e^(−s)·((1 + 2s)·I₀(s) + 2s·I₁(s)), s = |μ|²/8, and
    /// E‖X − X′‖ = √π. The V-statistic adds 2√π/n in expectation (the i = j zeros).
    @Test(arguments: [0.5, 1.0, 2.0])
    func gaussiansMatchThePopulationValue(shift: Double) {
        /// Iᵥ(z) = Σₖ (z/2)^(2k+ν) / (k!(k+ν)!), for ν = 0 or 1 (first term (z/2)^ν).
        func bessel(_ order: Int, _ z: Double) -> Double {
            var term = pow(z / 2, Double(order)), sum = 0.0
            for k in 0..<80 {
                sum += term
                term *= (z / 2) * (z / 2) / (Double(k + 1) * Double(k + 1 + order))
            }
            return sum
        }
        let s = shift * shift / 8
        let rice = Double.pi.squareRoot() * exp(-s) * ((1 + 2 * s) * bessel(0, s) + 2 * s * bessel(1, s))
        let n = 3000
        let expected = 2 * rice - 2 * Double.pi.squareRoot() * (1 - 1 / Double(n))
        let a = gaussianPoints(n, seed: 51), b = gaussianPoints(n, mean: Point(shift, 0), seed: 52)
        let e = Distances.energyDistance(a, b)
        #expect(abs(e - expected) < 0.03 * max(1, expected), "energy \(e) vs population \(expected)")
    }

    @Test func growsWithTheShift() {
        let a = gaussianPoints(1000, seed: 61), base = gaussianPoints(1000, seed: 62)
        let values = [0.0, 0.25, 0.5, 1, 2, 4].map { v in Distances.energyDistance(a, base.map { $0 + Point(v, 0) }) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(values)")
    }
}
