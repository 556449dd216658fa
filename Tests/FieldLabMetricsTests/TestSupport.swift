import Foundation
import FieldLabCore

/// |actual − expected| ≤ absolute + relative·|expected|.
func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    abs(actual - expected) <= absolute + relative * abs(expected)
}

/// `count` points from N(mean, scale²·I).
func gaussianPoints(_ count: Int, mean: Point = .zero, scale: Double = 1, seed: UInt64) -> [Point] {
    var generator = SeededGenerator(seed: seed)
    return gaussianPoints(count, mean: mean, scale: scale, using: &generator)
}

func gaussianPoints(_ count: Int, mean: Point = .zero, scale: Double = 1,
                    using generator: inout SeededGenerator) -> [Point] {
    (0..<count).map { _ in
        let (x, y) = generator.nextGaussianPair()
        return mean + scale * Point(x, y)
    }
}

/// `count` points uniform on the unit square: a second, non-Gaussian shape.
func uniformPoints(_ count: Int, seed: UInt64) -> [Point] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Point(generator.nextUniform(), generator.nextUniform()) }
}

/// The plain double loop over all ordered pairs, with Kahan-compensated sums so
/// that its own rounding is far below the tolerances it is compared at.
func naivePairMean(_ a: [Point], _ b: [Point], _ kernel: (Double) -> Double) -> Double {
    var sum = 0.0, compensation = 0.0
    for p in a {
        for q in b {
            let d = p - q
            let term = kernel((d * d).sum()) - compensation
            let next = sum + term
            compensation = (next - sum) - term
            sum = next
        }
    }
    return sum / Double(a.count * b.count)
}

func naiveEnergyDistance(_ a: [Point], _ b: [Point]) -> Double {
    let distance: (Double) -> Double = { $0.squareRoot() }
    return 2 * naivePairMean(a, b, distance) - naivePairMean(a, a, distance) - naivePairMean(b, b, distance)
}

func naiveSquaredMMD(_ a: [Point], _ b: [Point], bandwidths: [Double]) -> Double {
    let kernel: (Double) -> Double = { d2 in bandwidths.reduce(0) { $0 + Foundation.exp(-d2 / (2 * $1 * $1)) } }
    return naivePairMean(a, a, kernel) + naivePairMean(b, b, kernel) - 2 * naivePairMean(a, b, kernel)
}
