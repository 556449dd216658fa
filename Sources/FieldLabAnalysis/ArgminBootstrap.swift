import FieldLabCore

/// Which setting of a control parameter is best (smallest seed mean), and
/// how sure that is, by a paired seed bootstrap: the seeds are the units
/// (one seed is one training set, initialisation and sampling draw, shared
/// by every setting), so a resample draws seed indices with replacement once
/// and uses them at every setting; the best setting is found again in each
/// resample, and the interval is the 2.5 % and 97.5 % order statistics of
/// those settings (a percentile interval on the discrete grid; Davison &
/// Hinkley 1997, §3.2 and §5.2).
public struct ArgminBootstrap: Sendable, Equatable {
    /// The setting with the smallest mean.
    public var best: Double
    public var low: Double
    public var high: Double
    /// How often each setting was best, in the order of `settings`.
    public var shares: [Double]

    /// - Parameters:
    ///   - settings: the distinct values of the control parameter.
    ///   - values: `values[k][j]`, the measurement at setting k with seed j
    ///     (nil or non-finite: that run failed; a resample without any of a
    ///     setting's seeds leaves the setting out).
    public init(settings: [Double], values: [[Double?]], confidence: Double = 0.95, resamples: Int = 2000,
                seed: UInt64 = 0) {
        precondition(settings.count == values.count && !settings.isEmpty, "ArgminBootstrap needs one value list per setting")
        let seeds = values.map(\.count).max() ?? 0
        precondition(seeds > 0 && values.allSatisfy { $0.count == seeds }, "ArgminBootstrap needs the same seeds at every setting")
        func argmin(_ picks: [Int]) -> Int? {
            var bestIndex: Int?, bestMean = Double.infinity
            for k in settings.indices {
                let v = picks.compactMap { values[k][$0] }.filter(\.isFinite)
                guard !v.isEmpty else { continue }
                let mean = v.reduce(0, +) / Double(v.count)
                if mean < bestMean { bestMean = mean; bestIndex = k }
            }
            return bestIndex
        }
        let all = Array(0..<seeds)
        let found = argmin(all)
        precondition(found != nil, "ArgminBootstrap needs at least one finite value")
        best = settings[found!]
        var rng = SeededGenerator(seed: seed)
        var counts = [Int](repeating: 0, count: settings.count)
        var picks: [Double] = []
        for _ in 0..<resamples {
            guard let k = argmin(all.map { _ in rng.nextIndex(below: seeds) }) else { continue }
            counts[k] += 1
            picks.append(settings[k])
        }
        picks.sort()
        let tail = (1 - confidence) / 2
        low = picks[Int((tail * Double(picks.count - 1)).rounded(.down))]
        high = picks[Int(((1 - tail) * Double(picks.count - 1)).rounded(.up))]
        shares = counts.map { Double($0) / Double(resamples) }
    }
}
