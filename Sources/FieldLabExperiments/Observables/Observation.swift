/// One row of `observables.csv`: the observables of a run at one step, a
/// tidy row (one observation, one variable per column).
public struct ObservationRow: Sendable, Equatable, Codable {
    /// Training steps taken.
    public var step: Int
    /// Column names after `step`, in file order (``Observer/columns``).
    public var columns: [String]
    /// One value per column; nil is an empty cell (not measurable here).
    public var values: [Double?]

    public init(step: Int, columns: [String], values: [Double?]) {
        precondition(columns.count == values.count, "one value per column")
        self.step = step
        self.columns = columns
        self.values = values
    }

    /// The value of `column` (nil when empty or when there is no such column).
    public subscript(column: String) -> Double? {
        columns.firstIndex(of: column).flatMap { values[$0] }
    }

    /// The columns that depend on the machine's speed (left out when two runs are compared).
    public static let timingColumns: Set<String> = ["seconds", "observe_seconds"]

    /// The row without its timing columns (the part a seed determines).
    public var withoutTiming: ObservationRow {
        let keep = columns.indices.filter { !Self.timingColumns.contains(columns[$0]) }
        return ObservationRow(step: step, columns: keep.map { columns[$0] }, values: keep.map { values[$0] })
    }

    /// The header line: `step` and the columns.
    /// The value of `column` (nil: empty, or no such column).
    public func value(_ column: String) -> Double? {
        columns.firstIndex(of: column).flatMap { values[$0] }
    }

    public static func header(columns: [String]) -> String { (["step"] + columns).joined(separator: ",") }

    /// The CSV line: each value in Swift's shortest round-tripping form, empty for nil.
    public var line: String {
        ([String(step)] + values.map { $0.map { "\($0)" } ?? "" }).joined(separator: ",")
    }

    /// A whole `observables.csv`: the header, then one line per row.
    public static func csv(_ rows: [ObservationRow], columns: [String]) -> String {
        ([header(columns: columns)] + rows.map(\.line)).joined(separator: "\n") + "\n"
    }
}
