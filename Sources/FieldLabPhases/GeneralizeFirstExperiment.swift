import FieldLabExperiments
import Foundation

/// Generalise first, memorise later (in progress).
public struct GeneralizeFirstExperiment: PhaseExperiment {
    public static let name = "generalize-first"
    public static let title = "Generalise first, memorise later"
    public static let papers = ""

    public init() {}

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        throw ExperimentError.missingResults("not written yet")
    }
}
