import ArgumentParser
import Foundation
import FieldLabAnalysis

extension CriticalPointMethod: ExpressibleByArgument {}
extension Kneedle.Curve: ExpressibleByArgument {}
extension Kneedle.Direction: ExpressibleByArgument {}

/// Whether to fit on log10 x.
enum LogAxisChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, yes, no
}

struct KneeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "knee",
        abstract: "Locate the critical point (knee, midpoint, breakpoint, onset) of a curve in a CSV file.",
        discussion: """
        Reads FILE (a header row, then rows; blank lines ignored), takes the columns --x and --y, \
        and fits --method. Repeated x values are seeds: the interval is a percentile bootstrap that \
        resamples, at each x, the y values observed there. With one observation per x it resamples \
        the residuals of the fit instead (Kneedle then gives no interval). --log-x auto fits on \
        log10 x when every x > 0 and max x / min x ≥ 100.
        """
    )

    @Argument(help: "A CSV file with a header row.")
    var file: String

    @Option(help: "The column of the control parameter (x).")
    var x: String

    @Option(help: "The column of the observable (y).")
    var y: String

    @Option(help: "\(CriticalPointMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: CriticalPointMethod = .logistic

    @Option(name: .customLong("log-x"), help: "Fit on log10 x: auto (all x > 0 and max/min ≥ 100), yes, no.")
    var logX: LogAxisChoice = .auto

    @Option(help: "Kneedle's sensitivity S (larger: fewer, more conservative knees).")
    var sensitivity: Double = 1

    @Option(help: "The level of --method crossing (e.g. 0.5: where a ratio crosses 50 %).")
    var level: Double = 0.5

    @Option(help: "Kneedle's curve shape: concave or convex (default: detected).")
    var curve: Kneedle.Curve?

    @Option(help: "Kneedle's direction: increasing or decreasing (default: detected).")
    var direction: Kneedle.Direction?

    @Option(help: "Bootstrap resamples for the interval.")
    var resamples: Int = 500

    @Option(help: "Coverage of the interval, in (0, 1).")
    var confidence: Double = 0.95

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 0

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard resamples > 0, resamples <= 1_000_000 else {
            throw ValidationError("--resamples must be between 1 and 1000000, got \(resamples)")
        }
        guard sensitivity.isFinite, sensitivity >= 0 else {
            throw ValidationError("--sensitivity must be a finite number ≥ 0, got \(sensitivity)")
        }
        guard confidence > 0, confidence < 1 else { throw ValidationError("--confidence must be in (0, 1), got \(confidence)") }
        guard level.isFinite else { throw ValidationError("--level must be a finite number, got \(level)") }
    }

    func run() throws {
        print(try report())
    }

    /// What `run` prints: one line of text (plus the parameters), or one JSON object.
    func report() throws -> String {
        let table = try CurveTable(contentsOf: file, x: x, y: y)
        let useLog: Bool
        switch logX {
        case .yes: useLog = true
        case .no: useLog = false
        case .auto:
            let lo = table.x.min()!, hi = table.x.max()!
            useLog = lo > 0 && hi / lo >= 100
        }
        let point = try CriticalPoints.find(CurveSamples(x: table.x, y: table.y), method: method, logX: useLog,
                                            confidence: confidence, resamples: resamples, seed: seed,
                                            sensitivity: sensitivity, level: level, curve: curve, direction: direction)
        return json ? Self.json(point, table: table, x: x, y: y) : Self.text(point, table: table)
    }

    static func text(_ p: CriticalPoint, table: CurveTable) -> String {
        let axis = p.logX ? "log10 x" : "x"
        let level = String(format: "%g%%", p.confidence * 100)
        let count = Int(p.parameters["resamples"] ?? 0)
        let how: String
        if p.parameters["residual_bootstrap"] == 1 {
            how = p.method == .kneedle || p.method == .crossing
                ? "no interval: one observation per x, nothing to resample"
                : "\(count) residual-bootstrap resamples; one observation per x"
        } else {
            let (a, b) = table.seedsPerX
            how = "\(count) bootstrap resamples over \(a == b ? "\(a)" : "\(a)–\(b)") seeds per x"
        }
        var line = "\(p.method.rawValue) on \(axis): critical \(format(p.critical)), \(level) CI [\(format(p.low)), "
            + "\(format(p.high))] (\(how))"
        if let failed = p.parameters["failed_resamples"], failed > 0 { line += ", \(Int(failed)) resamples failed" }
        let skip: Set<String> = ["resamples", "failed_resamples", "residual_bootstrap"]
        let extras = p.parameters.keys.filter { !skip.contains($0) }.sorted()
            .map { "\($0) \(format(p.parameters[$0]!))" }
        return extras.isEmpty ? line : line + "\n  " + extras.joined(separator: ", ")
    }

    static func json(_ p: CriticalPoint, table: CurveTable, x: String, y: String) -> String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
                default: out.unicodeScalars.append(c)
                }
            }
            return out + "\""
        }
        func number(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }
        let parameters = p.parameters.keys.sorted().map { "\(quoted($0)): \(number(p.parameters[$0]!))" }
        let fields = [
            "\"method\": \(quoted(p.method.rawValue))",
            "\"critical\": \(number(p.critical))",
            "\"low\": \(number(p.low))",
            "\"high\": \(number(p.high))",
            "\"confidence\": \(number(p.confidence))",
            "\"log_x\": \(p.logX)",
            "\"x_column\": \(quoted(x))",
            "\"y_column\": \(quoted(y))",
            "\"points\": \(table.x.count)",
            "\"distinct_x\": \(table.distinctX)",
            "\"parameters\": {\(parameters.joined(separator: ", "))}",
        ]
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func format(_ v: Double) -> String { String(format: "%.4g", v) }
}
