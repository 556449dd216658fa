import FieldLabAnalysis
import Foundation

/// A run's observables over training: the rows of its `observables.csv`
/// (``Observer``), one column per observable, read back for analysis.
struct ObservableTimeline: Sendable {
    /// The training step of each row, increasing.
    var steps: [Double]
    /// Values by column name, one per row (NaN where the row has none).
    var columns: [String: [Double]]

    /// Reads `observables.csv` (header `step,…`).
    static func read(_ path: String) throws -> ObservableTimeline {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw ExperimentError.missingResults("\(path) is empty") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var values = [[Double]](repeating: [], count: header.count)
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            for k in header.indices { values[k].append(k < cells.count ? Double(cells[k]) ?? .nan : .nan) }
        }
        var columns: [String: [Double]] = [:]
        for (k, name) in header.enumerated() where k > 0 { columns[name] = values[k] }
        return ObservableTimeline(steps: values[0], columns: columns)
    }

    /// The column's values (empty when the file has no such column).
    func values(_ column: String) -> [Double] { columns[column] ?? [] }

    /// ln(a / b) of two columns row by row (NaN where either is not positive).
    func logRatio(_ a: String, _ b: String) -> [Double] {
        zip(values(a), values(b)).map { x, y in x > 0 && y > 0 ? Foundation.log(x / y) : .nan }
    }

    /// A centred moving average over `window` rows (shorter at the ends), NaNs skipped.
    static func smoothed(_ y: [Double], window: Int) -> [Double] {
        let half = window / 2
        return y.indices.map { i in
            let part = y[max(0, i - half)...min(y.count - 1, i + half)].filter(\.isFinite)
            return part.isEmpty ? .nan : part.reduce(0, +) / Double(part.count)
        }
    }
}
