import Foundation

extension Array where Element == Double {
    /// The median of the values that are not NaN (the mean of the middle two
    /// for an even count; NaN when there are none).
    public var median: Double {
        let v = filter { !$0.isNaN }.sorted()
        guard !v.isEmpty else { return .nan }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }
}
