import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct Wasserstein1DTests {
    @Test func handComputedCase() {
        // Sorted {0, 1} vs {2, 4}: differences 2 and 3, W₂² = (4 + 9)/2.
        let w = Distances.wasserstein2OneDimensional([1, 0], [4, 2])
        #expect(isClose(w, (6.5).squareRoot()))
        // One point against two: ∫ over halves (0−1)² and (0−3)² → 5.
        #expect(isClose(Distances.wasserstein2OneDimensional([0], [3, 1]), (5.0).squareRoot()))
    }

    @Test func equalSizesIsRootMeanSquareOfSortedDifferences() {
        var generator = SeededGenerator(seed: 11)
        let a = (0..<257).map { _ in generator.nextGaussian() }
        let b = (0..<257).map { _ in 3 * generator.nextUniform() - 1 }
        let (sa, sb) = (a.sorted(), b.sorted())
        let direct = (zip(sa, sb).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 257).squareRoot()
        #expect(isClose(Distances.wasserstein2OneDimensional(a, b), direct))
    }

    /// Midpoint rule on a fine grid of t, not aligned with either sample's steps.
    @Test(arguments: [(7, 11), (100, 37), (1, 5), (64, 128)])
    func unequalSizesMatchFineGridIntegration(sizes: (Int, Int)) {
        var generator = SeededGenerator(seed: UInt64(sizes.0 * 1000 + sizes.1))
        let a = (0..<sizes.0).map { _ in generator.nextGaussian() }
        let b = (0..<sizes.1).map { _ in 2 * generator.nextGaussian() + 0.5 }
        let (sa, sb) = (a.sorted(), b.sorted())
        let grid = 1_000_003
        var integral = 0.0
        for k in 0..<grid {
            let t = (Double(k) + 0.5) / Double(grid)
            let qa = sa[min(sa.count - 1, Int(t * Double(sa.count)))]
            let qb = sb[min(sb.count - 1, Int(t * Double(sb.count)))]
            integral += (qa - qb) * (qa - qb)
        }
        let reference = (integral / Double(grid)).squareRoot()
        #expect(isClose(Distances.wasserstein2OneDimensional(a, b), reference, relative: 1e-4))
    }

    @Test(arguments: [0.0, 0.25, -3.5])
    func translationGivesTheShift(shift: Double) {
        var generator = SeededGenerator(seed: 5)
        let a = (0..<300).map { _ in generator.nextGaussian() }
        let shifted = a.map { $0 + shift }
        #expect(isClose(Distances.wasserstein2OneDimensional(a, shifted), abs(shift), relative: 1e-12, absolute: 1e-14))
        // A sample against itself repeated (unequal sizes, same distribution function) is 0.
        #expect(Distances.wasserstein2OneDimensional(a, a + a) < 1e-14)
    }

    @Test func symmetricInItsArguments() {
        let a: [Double] = [0.3, -1, 2, 5, 0], b: [Double] = [1, 1.5, -0.5]
        #expect(isClose(Distances.wasserstein2OneDimensional(a, b), Distances.wasserstein2OneDimensional(b, a)))
    }
}
