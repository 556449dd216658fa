import FieldLabCore

/// The paths of some points through an integration: the recorded rows at every
/// grid time. Used for pictures of sampling paths and for observables along
/// the path (e.g. a network's field error).
public struct Trajectory: Sendable, Equatable {
    /// The grid times, in integration order.
    public var times: [Double]
    /// One matrix per time, the recorded rows only (`recordCount × d`).
    public var states: [Matrix<Double>]

    public init(times: [Double], states: [Matrix<Double>]) {
        precondition(times.count == states.count, "A trajectory needs one state per time")
        self.times = times
        self.states = states
    }

    /// The number of recorded points (rows of every state).
    public var pointCount: Int { states.first?.rows ?? 0 }

    /// The path of recorded point `index`: one row per time (`times.count × d`).
    public func path(of index: Int) -> Matrix<Double> {
        precondition(index >= 0 && index < pointCount, "Point \(index) was not recorded")
        let d = states.first?.columns ?? 0
        var storage = [Double]()
        storage.reserveCapacity(times.count * d)
        for state in states { storage.append(contentsOf: state.row(index)) }
        return Matrix(rows: times.count, columns: d, storage: storage)
    }
}
