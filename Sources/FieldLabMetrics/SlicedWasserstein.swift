import Foundation
import FieldLabCore

extension Distances {
    /// Sliced Wasserstein-2: the root mean, over fixed unit directions θ, of the
    /// squared 1D W₂ between the projections θ·aᵢ and θ·bⱼ.
    ///
    /// SW₂² = (1/K) Σₖ W₂²(θₖ·a, θₖ·b), each term exact for any sizes
    /// (``wasserstein2OneDimensional(_:_:)``). Cost O(K·(n log n + m log m)).
    /// The directions come from ``projectionDirections(count:seed:)``, so the
    /// same inputs always give the same value. A translation by v gives
    /// SW₂ = √(mean (θ·v)²) → |v|/√2 in 2D (Rabin et al. 2011; Bonneel et al. 2015).
    ///
    /// - Parameters:
    ///   - a, b: non-empty point sets, of any sizes.
    ///   - projections: number of directions K.
    ///   - seed: seed of the directions.
    public static func slicedWasserstein2(_ a: [Point], _ b: [Point],
                                          projections: Int = 128, seed: UInt64 = 0x5EED) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "slicedWasserstein2 needs two non-empty point sets")
        precondition(projections > 0, "slicedWasserstein2 needs at least one projection")
        let directions = projectionDirections(count: projections, seed: seed)
        var squared = [Double](repeating: 0, count: projections)
        squared.withUnsafeMutableBufferPointer { out in
            let slots = SendablePointer(out.baseAddress!)
            // A direction costs a projection and two sorts; group them so a chunk has real work.
            let perChunk = max(1, 4096 / (a.count + b.count))
            Parallel.forEachChunk(count: projections, minimumPerChunk: perChunk) { _, range in
                var x = [Double](repeating: 0, count: a.count)
                var y = [Double](repeating: 0, count: b.count)
                for k in range {
                    let theta = directions[k]
                    for i in a.indices { x[i] = (theta * a[i]).sum() }
                    for j in b.indices { y[j] = (theta * b[j]).sum() }
                    x.sort(); y.sort()
                    slots.base[k] = x.withUnsafeBufferPointer { xs in
                        y.withUnsafeBufferPointer { ys in squaredWasserstein2(sorted: xs, sorted: ys) }
                    }
                }
            }
        }
        return (squared.reduce(0, +) / Double(projections)).squareRoot()
    }

    /// The unit directions sliced W₂ projects on: θₖ = (cos φₖ, sin φₖ) with
    /// φₖ = π(k + uₖ)/K and uₖ uniform in [0, 1) from `seed`.
    ///
    /// θ and −θ give the same 1D distance, so half a turn suffices. One random
    /// angle per stratum (jittered, not i.i.d.) keeps the directions seeded but
    /// evenly spread: mean (θ·v)² then misses |v|²/2 by O(K^−3/2), not O(K^−1/2).
    public static func projectionDirections(count: Int, seed: UInt64) -> [Point] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { k in
            let angle = Double.pi * (Double(k) + generator.nextUniform()) / Double(count)
            return Point(cos(angle), sin(angle))
        }
    }
}
