import FieldLabCore

/// k(d²) = Σₛ exp(−d²/(2σₛ²)): a sum of Gaussian (RBF) kernels.
struct GaussianMixtureKernel: PairKernel {
    /// −1/(2σₛ²) for each bandwidth σₛ.
    let exponents: [Double]

    init(bandwidths: [Double]) {
        exponents = bandwidths.map { -1 / (2 * $0 * $0) }
    }

    @inline(__always)
    func callAsFunction(_ squaredDistance: SIMD4<Double>) -> SIMD4<Double> {
        var sum = SIMD4<Double>()
        for c in exponents { sum += simdExp(squaredDistance * c) }
        return sum
    }
}

extension Distances {
    /// Bandwidths of ``mmd(_:_:bandwidths:)``: from a tenth of a mode's width to
    /// the spread of a whole toy distribution, for data standardised to unit
    /// scale (every FieldLab dataset is). A sum over scales catches both a
    /// missing mode (wide kernels) and a blurred one (narrow kernels).
    public static let defaultBandwidths: [Double] = [0.05, 0.1, 0.2, 0.5, 1, 2]

    /// Maximum mean discrepancy with a sum of Gaussian kernels (Gretton et al.
    /// 2012), from the biased V-statistic over all pairs, i = j included:
    ///
    ///     MMD² = mean k(aᵢ, aⱼ) + mean k(bᵢ, bⱼ) − 2·mean k(aᵢ, bⱼ),
    ///     k(x, y) = Σₛ exp(−‖x − y‖² / (2σₛ²)).
    ///
    /// The kernel is characteristic, so MMD = 0 only for equal distributions.
    /// Points are used as given (not rescaled): the bandwidths assume unit scale.
    ///
    /// - Returns: √max(0, MMD²); rounding can make a near-zero MMD² negative.
    public static func mmd(_ a: [Point], _ b: [Point], bandwidths: [Double] = defaultBandwidths) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "mmd needs two non-empty point sets")
        precondition(!bandwidths.isEmpty && bandwidths.allSatisfy { $0 > 0 && $0.isFinite },
                     "mmd needs at least one positive, finite bandwidth")
        let ca = PointColumns(a), cb = PointColumns(b)
        let n = Double(a.count), m = Double(b.count)
        let kernel = GaussianMixtureKernel(bandwidths: bandwidths)
        let withinA = PairwiseSum.symmetric(ca, kernel: kernel) / (n * n)
        let withinB = PairwiseSum.symmetric(cb, kernel: kernel) / (m * m)
        let between = PairwiseSum.cross(ca, cb, kernel: kernel) / (n * m)
        return max(0, withinA + withinB - 2 * between).squareRoot()
    }
}
