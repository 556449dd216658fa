import FieldLabAnalysis
import Foundation

/// A sweep's finished points as tidy data: one row per point and seed, the
/// swept parameters under their column names, every final observable and
/// the timings; and the per-point summary over seeds.
public struct SweepTable: Sendable {
    public var specification: SweepSpecification
    /// Finished points in plan order.
    public var results: [SweepPointResult]
    /// Planned points without a result, and failed ones with their reasons.
    public var missing: [SweepPoint]
    public var failed: [(point: SweepPoint, reason: String)]
    /// Point folders whose result could not be read (never merged).
    public var corrupt: [(point: SweepPoint, reason: String)]

    /// Reads every planned point's state from `folder`.
    public init(folder: SweepFolder) throws {
        guard let specification = try folder.loadSpecification() else {
            throw SweepError.notASweep(folder: folder.path, reason: "no sweep.json")
        }
        self.specification = specification
        results = []
        missing = []
        failed = []
        corrupt = []
        for point in specification.points {
            switch folder.state(of: point) {
            case let .finished(result): results.append(result)
            case let .failed(reason): failed.append((point, reason))
            case let .corrupt(reason): corrupt.append((point, reason))
            case .missing: missing.append(point)
            }
        }
    }

    public static let timingColumns = ["train_seconds", "sample_seconds", "observe_seconds", "total_seconds"]

    /// The observables' names, in the order the points recorded them.
    public var observableNames: [String] {
        var names: [String] = []
        for result in results { for n in result.observableNames where !names.contains(n) { names.append(n) } }
        return names
    }

    public var axisColumns: [String] { specification.axes.map(\.parameter.column) }

    /// `points.csv`: `id,seed,<swept parameters>,<observables>,<timings>`.
    public var pointsCSV: String {
        let observables = observableNames
        var text = (["id", "seed"] + axisColumns + observables + Self.timingColumns).joined(separator: ",") + "\n"
        for r in results {
            var cells = [r.id, String(r.point.seed)] + r.point.values.map { Self.cell($0) }
            cells += (observables + Self.timingColumns).map { r.value(of: $0).map(Self.number) ?? "" }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The finished points grouped by their swept values (all seeds of one
    /// setting together), in plan order.
    public var settings: [(values: [SweepValue], results: [SweepPointResult])] {
        var order: [[SweepValue]] = []
        var groups: [[SweepValue]: [SweepPointResult]] = [:]
        for r in results {
            if groups[r.point.values] == nil { order.append(r.point.values) }
            groups[r.point.values, default: []].append(r)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// `summary.csv`: per setting, the number of seeds and, per observable,
    /// the mean and its 95 % Student-t interval over seeds.
    public var summaryCSV: String {
        let columns = observableNames + Self.timingColumns
        var header = axisColumns + ["seeds"]
        for c in columns { header += [c + "_mean", c + "_low", c + "_high"] }
        var text = header.joined(separator: ",") + "\n"
        for (values, group) in settings {
            var cells = values.map { Self.cell($0) } + [String(group.count)]
            for c in columns {
                if let m = MeanInterval(group.compactMap { $0.value(of: c) }) {
                    cells += [Self.number(m.mean), Self.number(m.low), Self.number(m.high)]
                } else {
                    cells += ["", "", ""]
                }
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    static func cell(_ value: SweepValue) -> String {
        switch value {
        case let .number(v): number(v)
        case let .text(s): s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
    }

    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}
