import FieldLabExperiments
import Foundation

/// The experiments `fieldlab experiment` knows, in the order of the README.
public enum PhaseCatalog {
    public static let experiments: [any PhaseExperiment.Type] = [
        MemorizationExperiment.self, CollapseExperiment.self, GeneralizeFirstExperiment.self, MirageExperiment.self,
        ExtraDimensionsExperiment.self, TuningExperiment.self,
    ]

    public static var names: [String] { experiments.map { $0.name } }

    public static func experiment(named name: String) throws -> any PhaseExperiment {
        guard let type = experiments.first(where: { $0.name == name }) else {
            throw ExperimentError.unknownExperiment(name)
        }
        return type.init()
    }

    /// Runs an experiment, timing it; the outcome carries the wall time.
    public static func run(_ name: String, context: ExperimentContext) throws -> ExperimentOutcome {
        let experiment = try experiment(named: name)
        // An unwritable report folder fails now, not after the sweeps.
        _ = try RunFolder.prepare(context.reportFolder)
        let start = Date()
        var outcome = try experiment.run(context)
        outcome.seconds = Date().timeIntervalSince(start)
        outcome.reportFolder = context.reportFolder
        return outcome
    }
}
