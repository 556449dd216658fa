import ArgumentParser
import FieldLabAnalysis
import FieldLabExperiments
import Foundation

struct SweepQualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Score every finished point's samples at their full count against fresh truth, each next to its noise floor.",
        discussion: """
        Writes DIR/quality.csv: per point and seed, sliced W2 and energy distance of all its samples (run the \
        sweep with --samples 10000 for n = 10 000) to one fixed fresh draw of the same size, the noise floor \
        (the mean of the metric between --repeats further fresh draws and that same draw: what a perfect model scores) and their ratio. Prints the median ratios over \
        seeds per setting. Built-in datasets only (a file has no fresh truth).
        """
    )

    @Argument(help: "The sweep folder.")
    var folder: String

    @Option(help: "Fresh draws behind each noise floor.")
    var repeats: Int = 10

    func validate() throws {
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be from 1 to 100, got \(repeats)") }
    }

    func run() throws {
        let (rows, table, path) = try SweepQuality.write(SweepFolder(folder), repeats: repeats)
        var groups: [String: [SweepQuality.Row]] = [:]
        var order: [String] = []
        for row in rows {
            let key = zip(table.axisColumns, row.result.point.values).map { "\($0)=\($1)" }.joined(separator: " ")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        for key in order {
            let ratios = SweepQuality.metrics.indices.map { k in groups[key]!.map { $0.ratios[k] }.median }
            say(key + ": " + zip(SweepQuality.metrics, ratios).map { String(format: "%@ %.2f× floor", $0.displayName, $1) }
                .joined(separator: ", ") + " (median of \(groups[key]!.count) seeds, n = \(groups[key]![0].sampleCount))")
        }
        say("sweep quality: \(rows.count) points → \(path)")
    }
}
