import FieldLabCore

extension Distances {
    /// The total variation distance between the 2D histograms of two point sets:
    ///
    ///     TV = ½ Σ_cells |p_a(cell) − p_b(cell)|,   p(cell) = count / set size.
    ///
    /// Both sets are binned on one grid of `bins` × `bins` cells. Without
    /// `range` the grid spans the bounding box of the union (each axis split
    /// into `bins` equal parts), so no point falls outside; with `range` it is
    /// the square range × range, fixed across runs so values are comparable.
    /// Points outside the box (and non-finite points) go into one extra overflow
    /// cell, so each histogram keeps total mass 1 and TV stays in [0, 1]:
    /// 0 for identical histograms, 1 for sets that share no cell.
    ///
    /// TV is blind to distances within a cell and saturates at 1 for far-apart
    /// sets, unlike the Wasserstein distances; it asks "is the mass in the
    /// right place at this resolution". It is computed from integer counts, so
    /// the result is exact up to one rounding. Cost O(n + m + bins²).
    ///
    /// - Parameters:
    ///   - a, b: non-empty point sets, of any sizes.
    ///   - bins: cells per axis, ≥ 1.
    ///   - range: the box on each axis; `nil` for the union's bounding box.
    /// - Returns: TV in [0, 1].
    public static func histogramTotalVariation(_ a: [Point], _ b: [Point], bins: Int = 32,
                                               range: ClosedRange<Double>? = nil) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "histogramTotalVariation needs two non-empty point sets")
        precondition(bins >= 1, "histogramTotalVariation needs at least one bin per axis")
        let box: (low: Point, high: Point)
        if let range {
            precondition(range.lowerBound.isFinite && range.upperBound.isFinite,
                         "histogramTotalVariation needs a finite range")
            box = (Point(repeating: range.lowerBound), Point(repeating: range.upperBound))
        } else {
            var low = Point(repeating: .infinity), high = Point(repeating: -.infinity)
            for p in a + b where p.x.isFinite && p.y.isFinite {
                low = pointwiseMin(low, p)
                high = pointwiseMax(high, p)
            }
            box = (low, high)
        }
        let countsA = histogram(a, bins: bins, low: box.low, high: box.high)
        let countsB = histogram(b, bins: bins, low: box.low, high: box.high)
        // ½ Σ |cA/n − cB/m| = Σ |cA·m − cB·n| / (2·n·m), summed exactly in integers.
        let n = a.count, m = b.count
        var total = 0
        for k in countsA.indices { total += abs(countsA[k] * m - countsB[k] * n) }
        return Double(total) / (2 * Double(n) * Double(m))
    }

    /// Counts per cell of a `bins` × `bins` grid over [low, high] (row-major,
    /// x fastest), plus a last overflow cell for points outside it. A point on
    /// the upper edge belongs to the last cell; an axis of zero width has one cell.
    static func histogram(_ points: [Point], bins: Int, low: Point, high: Point) -> [Int] {
        var counts = [Int](repeating: 0, count: bins * bins + 1)
        let overflow = bins * bins
        let width = high - low
        func cell(_ t: Double, _ low: Double, _ high: Double, _ width: Double) -> Int? {
            guard t >= low && t <= high else { return nil }  // also rejects NaN
            guard width > 0 else { return 0 }
            return min(bins - 1, Int((t - low) / width * Double(bins)))
        }
        for p in points {
            if let i = cell(p.x, low.x, high.x, width.x), let j = cell(p.y, low.y, high.y, width.y) {
                counts[j * bins + i] += 1
            } else {
                counts[overflow] += 1
            }
        }
        return counts
    }
}
