/// Observations collapsed to one row per distinct x: the mean y there, the
/// count, and the sum of squares about the mean.
///
/// For any least-squares fit of a curve f, Σᵢ (yᵢ − f(xᵢ))² =
/// Σ_g n_g (ȳ_g − f(x_g))² + Σ_g S_g, so fitting the means with weights n_g
/// gives the same parameters and RSS with one row per distinct x — what makes
/// bootstrap refits over many seeds cheap.
struct GroupedCurve {
    /// Distinct x, increasing.
    var x: [Double]
    var mean: [Double]
    var count: [Double]
    /// Σ over the group of (y − ȳ)².
    var within: Double

    init(x: [Double], y: [Double]) {
        var byValue: [Double: [Double]] = [:]
        for i in x.indices { byValue[x[i], default: []].append(y[i]) }
        self.x = byValue.keys.sorted()
        var mean: [Double] = [], count: [Double] = [], within = 0.0
        for v in self.x {
            let ys = byValue[v]!
            let m = ys.reduce(0, +) / Double(ys.count)
            mean.append(m); count.append(Double(ys.count))
            within += ys.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        }
        self.mean = mean
        self.count = count
        self.within = within
    }

    /// √count, the row scale of the weighted problem.
    var rootCount: [Double] { count.map { $0.squareRoot() } }
}
