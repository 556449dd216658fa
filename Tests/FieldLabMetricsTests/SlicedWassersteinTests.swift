import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct SlicedWassersteinTests {
    @Test func directionsAreSeededUnitVectorsOnHalfATurn() {
        let d = Distances.projectionDirections(count: 128, seed: 0x5EED)
        #expect(d.count == 128)
        #expect(d.allSatisfy { isClose(($0 * $0).sum(), 1, relative: 1e-15) && $0.y >= 0 })
        #expect(d == Distances.projectionDirections(count: 128, seed: 0x5EED))
        #expect(d != Distances.projectionDirections(count: 128, seed: 1))
    }

    /// Each 1D projection of a translate is shifted by θ·v, so SW₂ = √(mean (θ·v)²).
    @Test(arguments: [Point(1, 0), Point(0.3, -0.7), Point(-2, 2)])
    func translationMatchesTheDirectionsAverage(shift: Point) {
        let a = gaussianPoints(500, seed: 21)
        let moved = a.map { $0 + shift }
        let directions = Distances.projectionDirections(count: 128, seed: 0x5EED)
        let expected = (directions.map { ($0 * shift).sum() * ($0 * shift).sum() }.reduce(0, +) / 128).squareRoot()
        let sw = Distances.slicedWasserstein2(a, moved)
        #expect(isClose(sw, expected, relative: 1e-9))
        // And close to |v|/√2, the average over all directions.
        let length = (shift * shift).sum().squareRoot()
        #expect(isClose(sw, length / 2.0.squareRoot(), relative: 0.01))
    }

    @Test func unequalSizesAndSelfDistance() {
        let a = gaussianPoints(300, seed: 1)
        #expect(Distances.slicedWasserstein2(a, a) < 1e-15)
        // A set repeated twice has the same empirical distribution.
        #expect(Distances.slicedWasserstein2(a, a + a) < 1e-14)
        let b = gaussianPoints(700, mean: Point(0.5, 0), seed: 2)
        let ab = Distances.slicedWasserstein2(a, b), ba = Distances.slicedWasserstein2(b, a)
        #expect(isClose(ab, ba, relative: 1e-12))
        #expect(ab > 0.2 && ab < 0.6)  // ≈ 0.5/√2 ≈ 0.35 plus sampling noise
    }

    @Test func matchesPerDirectionOneDimensionalDistances() {
        let a = uniformPoints(123, seed: 3), b = gaussianPoints(77, seed: 4)
        let directions = Distances.projectionDirections(count: 16, seed: 9)
        let squares = directions.map { theta -> Double in
            let w = Distances.wasserstein2OneDimensional(a.map { ($0 * theta).sum() }, b.map { ($0 * theta).sum() })
            return w * w
        }
        let expected = (squares.reduce(0, +) / 16).squareRoot()
        #expect(isClose(Distances.slicedWasserstein2(a, b, projections: 16, seed: 9), expected, relative: 1e-12))
    }
}
