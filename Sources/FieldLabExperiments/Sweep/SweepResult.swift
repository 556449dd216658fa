import Foundation

/// `DIR/points/<id>/result.json`: the point, its final observables and its
/// timings, next to the run folder that `train` would have written. Anyone
/// can recompute every number from the files in the folder.
public struct SweepPointResult: Codable, Sendable, Equatable {
    public var fieldlabVersion: String
    public var id: String
    public var point: SweepPoint
    /// Final observables by column name (`observables.csv`'s names); `nil`
    /// where a value was not finite or could not be measured.
    public var observables: [String: Double?]
    /// The observables' names in their documented order.
    public var observableNames: [String]
    public var timings: Timings

    public struct Timings: Codable, Sendable, Equatable {
        public var trainSeconds: Double
        public var sampleSeconds: Double
        public var observeSeconds: Double
        public var totalSeconds: Double
    }

    /// The value of a column: a swept parameter's (`train_size`), `seed`, an
    /// observable, or a timing (`train_seconds`, …).
    public func value(of column: String) -> Double? {
        if let v = point.columns.first(where: { $0.name == column })?.value { return v.number }
        switch column {
        case "seed": return Double(point.seed)
        case "train_seconds": return timings.trainSeconds
        case "sample_seconds": return timings.sampleSeconds
        case "observe_seconds": return timings.observeSeconds
        case "total_seconds": return timings.totalSeconds
        default: return observables[column] ?? nil
        }
    }
}

/// `DIR/failed/<id>.json`: a point that did not finish, and why.
public struct SweepFailure: Codable, Sendable, Equatable {
    public var id: String
    public var index: Int
    public var reason: String
    public var fieldlabVersion: String
}

/// FieldLab's version, recorded in every sweep result.
public enum FieldLabVersion {
    public static let string = "0.10.0"
}
