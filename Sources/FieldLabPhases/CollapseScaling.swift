import FieldLabAnalysis
import FieldLabCore
import Foundation

/// The collapse curves of one dataset, the memorisation ratio of the stopped
/// exact flow against σ_stop at several N and seeds, and what is read off
/// them: the half-way noise σ½(N) (ratio 0.5), the exponent d of
/// σ½ ∝ N^(−1/d), and d again from the data collapse (the d that lays the
/// curves against σ_stop·N^(1/d) on top of each other).
struct CollapseScaling {
    /// Training-set sizes, increasing.
    var sizes: [Int]
    /// σ_stop, increasing (standard frame).
    var stops: [Double]
    /// ratio[n][seed][stop].
    var ratio: [[[Double]]]

    /// The seed-mean curve at size index `n` over the given seeds.
    func meanCurve(_ n: Int, seeds: [Int]? = nil) -> [Double] {
        let chosen = seeds ?? Array(ratio[n].indices)
        return stops.indices.map { k in chosen.reduce(0) { $0 + ratio[n][$1][k] } / Double(chosen.count) }
    }

    /// σ where `curve` first falls through 0.5 (linear in log σ), or nil.
    func halfNoise(_ curve: [Double]) -> Double? {
        LevelCrossing.first(t: stops.map(log10), y: curve, level: 0.5).map { pow(10, $0) }
    }

    /// σ½ at every size from the given curves; nil where a curve does not cross.
    func halfNoises(_ curves: [[Double]]) -> [Double?] { curves.map(halfNoise) }

    /// d = −1/b of the power law σ½ ∝ N^b over the size indices `range`.
    func exponent(_ curves: [[Double]], range: Range<Int>? = nil) -> Double? {
        let r = range ?? sizes.indices
        let half = halfNoises(curves)
        var x: [Double] = [], y: [Double] = []
        for n in r { if let h = half[n] { x.append(Double(sizes[n])); y.append(h) } }
        guard Set(x).count >= 2, let fit = try? PowerLawFit.fit(CurveSamples(x: x, y: y), resamples: 0), fit.exponent < 0
        else { return nil }
        return -1 / fit.exponent
    }

    /// The spread of the curves against u = log σ + log(N)/d: the mean
    /// squared difference between each pair of curves, interpolated in u on
    /// the stretch where both are defined and the ratio moves (0.05…0.95 on
    /// either curve). Small when the curves collapse.
    func collapseSpread(_ curves: [[Double]], d: Double) -> Double {
        let logStops = stops.map(log)
        let shifted = sizes.map { log(Double($0)) / d }
        var total = 0.0, count = 0
        for a in curves.indices {
            for b in curves.indices where b > a {
                for (k, y) in curves[a].enumerated() where y > 0.05 && y < 0.95 {
                    let u = logStops[k] + shifted[a] - shifted[b]
                    guard let z = Self.interpolate(logStops, curves[b], at: u) else { continue }
                    total += (y - z) * (y - z)
                    count += 1
                }
            }
        }
        return count > 0 ? total / Double(count) : .infinity
    }

    /// The d in [0.5, 6] that minimises the collapse spread: the best of 48
    /// values of 1/d, refined by golden section between its neighbours.
    func collapseExponent(_ curves: [[Double]]) -> Double {
        let lowest = 1.0 / 6, step = (2 - lowest) / 47
        let grid: [Double] = (0..<48).map { lowest + step * Double($0) }
        let spreads = grid.map { collapseSpread(curves, d: 1 / $0) }
        let best = spreads.indices.min { spreads[$0] < spreads[$1] }!
        let a = grid[max(best - 1, 0)], b = grid[min(best + 1, grid.count - 1)]
        return 1 / LeastSquares.goldenSection(a, b) { collapseSpread(curves, d: 1 / $0) }.x
    }

    static func interpolate(_ t: [Double], _ y: [Double], at u: Double) -> Double? {
        guard let first = t.first, let last = t.last, u >= first, u <= last else { return nil }
        var i = 1
        while i < t.count - 1 && t[i] < u { i += 1 }
        let f = (u - t[i - 1]) / (t[i] - t[i - 1])
        return y[i - 1] + f * (y[i] - y[i - 1])
    }

    /// A statistic of the mean curves with a seed-bootstrap percentile
    /// interval: each resample draws, at every size, as many seeds as there
    /// are with replacement (whole curves), widened about the mean curve by
    /// √(m/(m − 1)) as `Bootstrap.seedResample` does for single values.
    func bootstrap(_ statistic: ([[Double]]) -> Double?, resamples: Int = 400, seed: UInt64 = 0,
                   confidence: Double = 0.95) -> (value: Double, low: Double, high: Double)? {
        let means = sizes.indices.map { meanCurve($0) }
        guard let value = statistic(means) else { return nil }
        var rng = SeededGenerator(seed: seed)
        var values: [Double] = []
        for _ in 0..<resamples {
            let curves = sizes.indices.map { n -> [Double] in
                let m = ratio[n].count
                let widen = m > 1 ? (Double(m) / Double(m - 1)).squareRoot() : 1
                let picks = (0..<m).map { _ in rng.nextIndex(below: m) }
                let mean = meanCurve(n, seeds: picks)
                return zip(mean, means[n]).map { $1 + widen * ($0 - $1) }
            }
            if let v = statistic(curves), v.isFinite { values.append(v) }
        }
        guard values.count >= resamples / 2 else { return nil }
        let (low, high) = Bootstrap.percentileInterval(values, confidence: confidence)
        return (value, low, high)
    }
}
