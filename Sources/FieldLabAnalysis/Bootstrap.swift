import FieldLabCore

/// Bootstrap resampling of curve observations and percentile intervals
/// (Efron & Tibshirani 1993, ch. 6 and 13; Davison & Hinkley 1997, §6.2).
public enum Bootstrap {
    /// A resample over seeds: independently at each distinct x (`groups`
    /// holds the indices observed there), as many y values as were observed,
    /// drawn with replacement from those observed there, after widening
    /// their spread about their mean by √(m/(m − 1)) for m seeds.
    ///
    /// Drawing m values with replacement gives the resampled mean a variance
    /// of (m − 1)/m · s²/m, short of s²/m (s² the unbiased sample variance);
    /// the widening removes that bias, as the √(n/(n − p)) does for
    /// residuals (Davison & Hinkley 1997, §2.4 and §6.2). Without it a nominal
    /// 95 % percentile interval over 3 seeds covers only about 89 %.
    public static func seedResample(y: [Double], groups: [[Int]], using generator: inout SeededGenerator) -> [Double] {
        var out = y
        for group in groups where group.count > 1 {
            let m = Double(group.count)
            let mean = group.reduce(0) { $0 + y[$1] } / m
            let widen = (m / (m - 1)).squareRoot()
            for i in group { out[i] = mean + widen * (y[group[generator.nextIndex(below: group.count)]] - mean) }
        }
        return out
    }

    /// A residual resample: fitted + residuals drawn with replacement, after
    /// centring them and scaling by √(n / (n − p)) for the p fitted
    /// parameters (so their variance is the unbiased residual variance).
    public static func residualResample(fitted: [Double], residuals: [Double], parameterCount: Int,
                                        using generator: inout SeededGenerator) -> [Double] {
        let n = residuals.count
        let mean = residuals.reduce(0, +) / Double(n)
        let scale = n > parameterCount ? (Double(n) / Double(n - parameterCount)).squareRoot() : 1
        return fitted.map { $0 + scale * (residuals[generator.nextIndex(below: n)] - mean) }
    }

    /// The percentile interval: the (1 − c)/2 and (1 + c)/2 quantiles of
    /// `values`, linearly interpolated between order statistics (type 7).
    public static func percentileInterval(_ values: [Double], confidence: Double) -> (low: Double, high: Double) {
        precondition(!values.isEmpty, "percentile interval of no values")
        let sorted = values.sorted()
        return (quantile(sorted, (1 - confidence) / 2), quantile(sorted, (1 + confidence) / 2))
    }

    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let i = Int(h.rounded(.down)), f = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
    }
}
