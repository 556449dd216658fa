import FieldLabCore

/// Which setting of a control parameter is best (smallest seed mean), and
/// how sure that is: the seeds are resampled at each setting
/// (``Bootstrap/seedResample(y:groups:using:)``), the best setting found
/// again in every resample, and the interval is the 2.5 % and 97.5 % order
/// statistics of those settings (a percentile interval on the discrete grid).
public struct ArgminBootstrap: Sendable, Equatable {
    /// The setting with the smallest mean.
    public var best: Double
    public var low: Double
    public var high: Double
    /// How often each setting was best, in the order of `settings`.
    public var shares: [Double]

    /// - Parameters:
    ///   - settings: the distinct values of the control parameter.
    ///   - values: the measurements at each setting (seeds), non-empty.
    public init(settings: [Double], values: [[Double]], confidence: Double = 0.95, resamples: Int = 2000,
                seed: UInt64 = 0) {
        precondition(settings.count == values.count && !settings.isEmpty, "ArgminBootstrap needs one value list per setting")
        precondition(values.allSatisfy { !$0.isEmpty }, "ArgminBootstrap needs a value at every setting")
        var y: [Double] = [], groups: [[Int]] = []
        for v in values { groups.append(Array(y.count..<(y.count + v.count))); y += v }
        func argmin(_ y: [Double]) -> Int {
            let means = groups.map { g in g.reduce(0) { $0 + y[$1] } / Double(g.count) }
            return means.indices.min { means[$0] < means[$1] }!
        }
        best = settings[argmin(y)]
        var rng = SeededGenerator(seed: seed)
        var counts = [Int](repeating: 0, count: settings.count)
        var picks: [Double] = []
        for _ in 0..<resamples {
            let k = argmin(Bootstrap.seedResample(y: y, groups: groups, using: &rng))
            counts[k] += 1
            picks.append(settings[k])
        }
        picks.sort()
        let tail = (1 - confidence) / 2
        low = picks[Int((tail * Double(resamples - 1)).rounded(.down))]
        high = picks[Int(((1 - tail) * Double(resamples - 1)).rounded(.up))]
        shares = counts.map { Double($0) / Double(resamples) }
    }
}
