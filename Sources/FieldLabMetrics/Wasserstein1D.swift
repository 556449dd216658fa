import FieldLabCore

extension Distances {
    /// The exact Wasserstein-2 distance between two samples on the line.
    ///
    /// W₂² = ∫₀¹ (F⁻¹(t) − G⁻¹(t))² dt, with F⁻¹ and G⁻¹ the empirical quantile
    /// functions: steps at t = i/n and t = j/m. The integral is summed exactly
    /// over the merged breakpoints (compared as the integers i·m and j·n, so
    /// coinciding breakpoints are never split by rounding). For n = m it is the
    /// root mean square of the differences of the sorted samples.
    ///
    /// - Parameters:
    ///   - a: a non-empty sample, in any order.
    ///   - b: a non-empty sample, in any order, of any size.
    /// - Returns: W₂(a, b) ≥ 0.
    public static func wasserstein2OneDimensional(_ a: [Double], _ b: [Double]) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "wasserstein2OneDimensional needs two non-empty samples")
        let sortedA = a.sorted(), sortedB = b.sorted()
        return sortedA.withUnsafeBufferPointer { x in
            sortedB.withUnsafeBufferPointer { y in squaredWasserstein2(sorted: x, sorted: y) }
        }.squareRoot()
    }

    /// W₂² between two sorted, non-empty samples (see ``wasserstein2OneDimensional(_:_:)``).
    static func squaredWasserstein2(sorted x: UnsafeBufferPointer<Double>,
                                    sorted y: UnsafeBufferPointer<Double>) -> Double {
        let n = x.count, m = y.count
        if n == m {
            var sum = 0.0
            for i in 0..<n { let d = x[i] - y[i]; sum += d * d }
            return sum / Double(n)
        }
        // Positions on [0, 1] in units of 1/(n·m): x[i] covers (i·m, (i+1)·m], y[j] covers (j·n, (j+1)·n].
        var i = 0, j = 0, position = 0
        var sum = 0.0
        while i < n && j < m {
            let endA = (i + 1) * m, endB = (j + 1) * n
            let end = min(endA, endB)
            let d = x[i] - y[j]
            sum += Double(end - position) * d * d
            position = end
            if endA == end { i += 1 }
            if endB == end { j += 1 }
        }
        return sum / (Double(n) * Double(m))
    }
}
