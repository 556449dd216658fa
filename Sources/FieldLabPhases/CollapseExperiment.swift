import FieldLabExperiments
import Foundation

/// Collapse of the exact field (in progress).
public struct CollapseExperiment: PhaseExperiment {
    public static let name = "collapse"
    public static let title = "Collapse of the exact field"
    public static let papers = ""

    public init() {}

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        throw ExperimentError.missingResults("not written yet")
    }
}
