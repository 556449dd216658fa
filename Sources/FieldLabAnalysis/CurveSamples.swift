/// Observations (x, y) of a curve. Repeated x values are seeds: independent
/// repeats of the same measurement, which the bootstrap resamples.
public struct CurveSamples: Sendable {
    public var x: [Double]
    public var y: [Double]

    /// - Precondition: `x` and `y` have the same length.
    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "x and y must have the same length (\(x.count) vs \(y.count))")
        self.x = x
        self.y = y
    }

    /// Indices of the observations at each distinct x, in increasing x.
    var groups: [[Int]] {
        var byValue: [Double: [Int]] = [:]
        for (i, v) in x.enumerated() { byValue[v, default: []].append(i) }
        return byValue.keys.sorted().map { byValue[$0]! }
    }
}
