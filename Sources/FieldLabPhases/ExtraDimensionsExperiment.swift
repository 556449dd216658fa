import FieldLabExperiments
import Foundation

/// PFGM++ and its extra dimensions D (in progress).
public struct ExtraDimensionsExperiment: PhaseExperiment {
    public static let name = "pfgm-d"
    public static let title = "PFGM++ and its extra dimensions D"
    public static let papers = ""

    public init() {}

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        throw ExperimentError.missingResults("not written yet")
    }
}
