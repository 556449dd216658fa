import FieldLabCore

/// k(d²) = d: the distance itself, for the energy distance.
struct EuclideanDistanceKernel: PairKernel {
    @inline(__always)
    func callAsFunction(_ squaredDistance: SIMD4<Double>) -> SIMD4<Double> {
        squaredDistance.squareRoot()
    }
}

extension Distances {
    /// The energy distance between two point sets (Székely & Rizzo 2013), as the
    /// biased V-statistic over all pairs, i = j included:
    ///
    ///     E = 2·mean‖aᵢ − bⱼ‖ − mean‖aᵢ − aⱼ‖ − mean‖bᵢ − bⱼ‖.
    ///
    /// E is zero only for equal distributions; it is the squared MMD of the
    /// distance kernel, so it has units of length (no square root is taken).
    /// For two finite samples of one distribution it stays positive, about
    /// E‖X − X′‖·(1/n + 1/m) from the i = j terms alone. Rounding can push a
    /// near-zero value below zero; it is clamped to 0.
    ///
    /// Cost O((n + m)²), on all cores; the result does not depend on the thread count.
    public static func energyDistance(_ a: [Point], _ b: [Point]) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "energyDistance needs two non-empty point sets")
        let ca = PointColumns(a), cb = PointColumns(b)
        let n = Double(a.count), m = Double(b.count)
        let kernel = EuclideanDistanceKernel()
        let between = PairwiseSum.cross(ca, cb, kernel: kernel) / (n * m)
        let withinA = PairwiseSum.symmetric(ca, kernel: kernel) / (n * n)
        let withinB = PairwiseSum.symmetric(cb, kernel: kernel) / (m * m)
        return max(0, 2 * between - withinA - withinB)
    }
}
