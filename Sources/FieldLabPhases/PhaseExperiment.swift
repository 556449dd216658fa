import FieldLabAnalysis
import Foundation

/// One reproduction of a published transition: it runs its sweeps (or, with
/// no training, its exact-field runs), locates its critical values with
/// their intervals, draws its charts and writes a report that compares the
/// result with the paper.
///
/// Every experiment has a default size (≤ 10 minutes on 2 cores) and a
/// `quick` one (well under a minute, for the test suite), and checks its
/// qualitative claim on whatever it ran (``ExperimentClaim``).
public protocol PhaseExperiment: Sendable {
    /// The command-line name (`fieldlab experiment NAME`).
    static var name: String { get }
    /// A one-line title for listings and the report.
    static var title: String { get }
    /// The papers reproduced, as cited in the report.
    static var papers: String { get }

    init()

    /// Runs the experiment and writes its report into `context.reportFolder`.
    func run(_ context: ExperimentContext) throws -> ExperimentOutcome
}

/// Where and how an experiment runs.
public struct ExperimentContext: Sendable {
    /// The small variant of the test suite.
    public var quick: Bool
    /// Sweep points run side by side (one core each).
    public var jobs: Int
    /// The report's folder (Markdown, PNG, CSV).
    public var reportFolder: String
    /// The folder for sweeps and other raw runs, shared by the experiments,
    /// each sweep in its own subfolder (kept between runs: running again
    /// reuses every finished point, and the mirage re-reads the memorisation
    /// sweep).
    public var runsFolder: String
    /// The command line that ran the experiment, for the report.
    public var command: String
    /// Progress lines for the terminal.
    public var log: @Sendable (String) -> Void

    public init(quick: Bool, jobs: Int = 2, reportFolder: String, runsFolder: String, command: String,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.quick = quick
        self.jobs = jobs
        self.reportFolder = reportFolder
        self.runsFolder = runsFolder
        self.command = command
        self.log = log
    }
}

/// A qualitative statement an experiment checks on its own results (the
/// tests assert the robust ones on the quick variant).
public struct ExperimentClaim: Sendable, Equatable {
    public var statement: String
    public var holds: Bool
    /// The numbers behind the verdict.
    public var detail: String

    public init(_ statement: String, holds: Bool, detail: String) {
        self.statement = statement
        self.holds = holds
        self.detail = detail
    }
}

/// A located critical value: what it is, the method and its interval.
public struct CriticalValue: Sendable, Equatable {
    /// What it is, e.g. "N_c (memorisation 50 %), flow matching, width 64".
    public var name: String
    public var value: Double
    public var low: Double
    public var high: Double
    public var confidence: Double
    /// How it was located (fit, level, interval method).
    public var method: String

    public init(name: String, value: Double, low: Double, high: Double, confidence: Double = 0.95, method: String) {
        self.name = name
        self.value = value
        self.low = low
        self.high = high
        self.confidence = confidence
        self.method = method
    }

    public init(name: String, point: CriticalPoint, method: String) {
        self.init(name: name, value: point.critical, low: point.low, high: point.high,
                  confidence: point.confidence, method: method)
    }
}

/// What an experiment found.
public struct ExperimentOutcome: Sendable {
    public var criticalValues: [CriticalValue]
    public var claims: [ExperimentClaim]
    /// Named numbers the tests and the README quote (e.g. "exact_min_ratio").
    public var figures: [String: Double]
    public var seconds: Double
    public var reportFolder: String

    public init(criticalValues: [CriticalValue] = [], claims: [ExperimentClaim] = [], figures: [String: Double] = [:],
                seconds: Double = 0, reportFolder: String = "") {
        self.criticalValues = criticalValues
        self.claims = claims
        self.figures = figures
        self.seconds = seconds
        self.reportFolder = reportFolder
    }
}

/// Errors of the experiment layer.
public enum ExperimentError: Error, CustomStringConvertible, Equatable {
    case unknownExperiment(String)
    case missingResults(String)

    public var description: String {
        switch self {
        case let .unknownExperiment(name):
            "unknown experiment '\(name)' (known: \(PhaseCatalog.names.joined(separator: ", ")))"
        case let .missingResults(what):
            "the experiment has no results to analyse: \(what)"
        }
    }
}
