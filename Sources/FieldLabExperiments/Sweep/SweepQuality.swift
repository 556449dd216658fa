import FieldLabCore
import FieldLabData
import FieldLabMetrics
import Foundation

/// The quality of every finished point's samples at their full count
/// (`--samples`, e.g. 10 000), each metric next to its noise floor at that
/// count: `DIR/quality.csv`.
///
/// A point's final observables measure distances on its first 512 samples,
/// against floors at 512, where a ratio to the floor cannot tell 1.0× from
/// 1.5×. Here every point of a dataset is scored against one fixed fresh
/// draw of the same size, so differences between points are not reference
/// noise, and the floor is the mean of the same metric between `repeats`
/// fresh draws of that size and that reference
/// (``FieldLabMetrics/TwoSampleMetric/noiseFloor(against:repeats:seed:sample:)``):
/// what a perfect model would score against it.
public enum SweepQuality {
    /// The metrics scored, in column order, with their column names.
    public static let metrics: [TwoSampleMetric] = [.slicedWasserstein2, .energyDistance]
    static let columns = ["sliced_w2", "energy_distance"]

    public struct Row: Sendable {
        public var result: SweepPointResult
        /// Finite samples scored, and those left out for not being finite.
        public var sampleCount: Int
        public var nonFinite: Int
        /// One value per metric of ``metrics``.
        public var values: [Double]
        public var floors: [NoiseFloor]

        /// value / floor mean, per metric.
        public var ratios: [Double] { zip(values, floors).map { $0 / $1.mean } }
    }

    /// Scores every finished point of `table` (read from `folder`).
    public static func measure(_ table: SweepTable, folder: SweepFolder, repeats: Int = 10) throws -> [Row] {
        precondition(repeats >= 1, "at least one floor repeat")
        guard !table.results.isEmpty else { throw SweepError.noResults(folder: folder.path) }
        var references: [String: (reference: [Point], floors: [NoiseFloor])] = [:]
        var rows: [Row] = []
        for result in table.results {
            let name = result.point.training.dataset
            guard let dataset = ToyDataset(rawValue: name) else { throw SweepError.noFreshTruth(name) }
            let all = try PointFile.read(folder.pointPath(result.id) + "/samples.csv")
            let samples = all.filter { $0.x.isFinite && $0.y.isFinite }
            guard !samples.isEmpty else { throw SweepError.notASweep(folder: folder.path, reason: "point \(result.id) has no finite samples") }
            let key = "\(name) \(samples.count)"
            if references[key] == nil { references[key] = prepare(dataset, count: samples.count, repeats: repeats) }
            let (reference, floors) = references[key]!
            rows.append(Row(result: result, sampleCount: samples.count, nonFinite: all.count - samples.count,
                            values: metrics.map { $0.evaluate(samples, reference) }, floors: floors))
        }
        return rows
    }

    /// The fixed reference draw of `count` points and each metric's floor at that size.
    static func prepare(_ dataset: ToyDataset, count: Int, repeats: Int) -> (reference: [Point], floors: [NoiseFloor]) {
        var rng = SeededGenerator(seed: referenceSeed)
        let reference = dataset.sample(count: count, using: &rng)
        let floors = metrics.map { metric in
            metric.noiseFloor(against: reference, repeats: repeats, seed: referenceSeed &+ 1) { n, g in dataset.sample(count: n, using: &g) }
        }
        return (reference, floors)
    }

    static let referenceSeed: UInt64 = 0x0051_A11E_7E57

    /// The table: the point, its swept values and seed, then per metric the
    /// value, its floor and their ratio.
    public static func csv(_ rows: [Row], table: SweepTable) -> String {
        var header = ["id"] + table.axisColumns + ["seed", "samples", "non_finite"]
        for c in columns { header += [c, c + "_floor", c + "_ratio"] }
        var text = header.joined(separator: ",") + "\n"
        for row in rows {
            var cells = [row.result.id] + row.result.point.values.map(\.description)
            cells += [String(row.result.point.seed), String(row.sampleCount), String(row.nonFinite)]
            for (k, value) in row.values.enumerated() { cells += ["\(value)", "\(row.floors[k].mean)", "\(row.ratios[k])"] }
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Measures the sweep in `folder` and writes `folder/quality.csv` (atomically).
    public static func write(_ folder: SweepFolder, repeats: Int = 10) throws -> (rows: [Row], table: SweepTable, path: String) {
        let table = try SweepTable(folder: folder)
        let rows = try measure(table, folder: folder, repeats: repeats)
        let path = folder.path + "/quality.csv"
        try AtomicFile.write(text: csv(rows, table: table), to: path)
        return (rows, table, path)
    }
}
