import Foundation
import FieldLabCore
import FieldLabData
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling

/// Runs the observables of a run and times them: prepared once (fixed
/// draws, exact fields, baselines and floors), then one ``ObservationRow``
/// per ``measure(_:trainingSeconds:)``. The trainer calls it every
/// `observeEvery` steps; ``measureFinal(network:rawParameters:step:trainingSeconds:)``
/// measures the same row once on a finished network.
///
/// Columns of `observables.csv` (after `step`), in this order:
///
///     train_loss_fixed heldout_loss generalization_gap
///     train_loss_fixed_low|mid|high heldout_loss_low|mid|high       (FixedLoss)
///     field_error_train field_error_population
///     field_error_train_low|mid|high field_error_population_low|mid|high   (FieldErrorAtFixedQueries)
///     memorization_ratio memorization_baseline log_nn_ratio log_nn_ratio_baseline   (SampleMemorization)
///     sliced_w2 sliced_w2_floor energy_distance energy_distance_floor               (SampleDistances)
///     weight_norm                                                                   (WeightNorm)
///     train_loss gradient_norm learning_rate                                        (TrainingStatistics)
///     seconds observe_seconds
///
/// `seconds` is the training time so far without the measuring,
/// `observe_seconds` the time spent measuring so far, preparation included.
/// Everything else depends only on the run's seed: the same seed gives the
/// same values, on any number of threads.
public struct Observer: Sendable {
    /// Sizes of the fixed draws.
    public struct Settings: Sendable, Equatable {
        /// Loss draws per band (3× this many on training points, as many fresh).
        public var drawsPerBand = 256
        /// Field-error queries per scale. (PFGM++'s heavy-tailed kernel at
        /// σ = 0.03 is summed directly over the population, about 6 ms per
        /// query for 10⁶ points: this sets most of the preparation's cost.)
        public var queriesPerScale = 256
        /// σ of the field-error queries, one per band. (Each costs an exact
        /// field of the population at preparation; scales between about 0.1
        /// and 0.3 fall to direct summation over all 10⁶ points on moons and
        /// cost seconds, so the mid band is probed at 0.5.)
        public var fieldScales = [0.03, 0.5, 3]
        /// Points of the population field's fresh sample.
        public var populationSize = 1_000_000
        /// Points of the population field at scales the grid cannot resolve
        /// (summed directly over every point: PFGM++'s heavy-tailed kernel at
        /// σ = 0.03 cost about 1 s for 10⁶): the first this many of the same
        /// sample. 10⁵ moons points lie about 0.006 apart, still well below
        /// the σ = 0.03 they are probed at.
        public var directPopulationSize = 100_000
        /// Fixed-seed samples per row, and fresh points for their baselines and floors.
        public var sampleCount = 512
        /// Heun steps of those samples (11 network evaluations: a cheap,
        /// fixed protocol whose own bias shows in sliced_w2 against its floor).
        public var solverSteps = 6
        /// The solver of those samples.
        public var solver: SolverKind = .heun
        /// Directions of the sliced W₂.
        public var slicedProjections = 32
        /// Pairs of fresh samples averaged for each noise floor.
        public var floorRepeats = 3

        public init() {}
    }

    var observables: [any Observable]
    let sampling: SamplingOptions?
    let method: any GenerativeMethod
    /// Column names after `step`, in file order.
    public let columns: [String]
    /// Units, one per column.
    public let units: [String]
    /// Seconds spent preparing and measuring so far.
    public private(set) var observeSeconds: Double
    /// Seconds spent preparing.
    public let preparationSeconds: Double
    /// Rows measured so far.
    public private(set) var measurements = 0
    /// Seconds per observable: preparing it, and measuring it so far (the
    /// shared samples are listed as "samples").
    public private(set) var costs: [(name: String, preparation: Double, measuring: Double)]

    /// The standard observables of a run, prepared from its configuration and training set.
    public init(configuration: TrainingConfiguration, trainingSet: TrainingSet, settings: Settings = Settings()) {
        let start = DispatchTime.now().uptimeNanoseconds
        let context = ObservationContext(method: configuration.generativeMethod, trainingPoints: trainingSet.points,
                                         dataset: ToyDataset(rawValue: configuration.dataset),
                                         seed: configuration.seed, settings: settings)
        var preparation: [Double] = []
        func timed(_ make: () -> any Observable) -> any Observable {
            let begin = DispatchTime.now().uptimeNanoseconds
            let observable = make()
            preparation.append(Double(DispatchTime.now().uptimeNanoseconds - begin) * 1e-9)
            return observable
        }
        let observables = Self.standardMakers(context: context).map(timed)
        self.init(observables: observables, context: context, startedAt: start, preparation: preparation)
    }

    /// Any observables, in column order.
    public init(observables: [any Observable], context: ObservationContext) {
        self.init(observables: observables, context: context, startedAt: DispatchTime.now().uptimeNanoseconds,
                  preparation: observables.map { _ in 0 })
    }

    private init(observables: [any Observable], context: ObservationContext, startedAt start: UInt64,
                 preparation: [Double]) {
        self.observables = observables
        costs = [("samples", 0, 0)] + zip(observables, preparation).map { ("\(type(of: $0.0))", $0.1, 0) }
        method = context.method
        var rng = context.generator(9)
        sampling = observables.contains(where: \.needsSamples)
            ? SamplingOptions(count: context.settings.sampleCount, solver: context.settings.solver,
                              steps: context.settings.solverSteps,
                              seed: rng.next())
            : nil
        columns = observables.flatMap(\.columns) + ["seconds", "observe_seconds"]
        units = observables.flatMap(\.units) + ["s", "s"]
        preparationSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        observeSeconds = preparationSeconds
    }

    /// FixedLoss, FieldErrorAtFixedQueries, SampleMemorization, SampleDistances,
    /// WeightNorm, TrainingStatistics (the standard observer's, in column order).
    public static func standardObservables(context: ObservationContext) -> [any Observable] {
        standardMakers(context: context).map { $0() }
    }

    /// The standard observables, each made on demand (so that its preparation can be timed).
    static func standardMakers(context: ObservationContext) -> [() -> any Observable] {
        [{ FixedLoss(context: context) }, { FieldErrorAtFixedQueries(context: context) },
         { SampleMemorization(context: context) }, { SampleDistances(context: context) },
         { WeightNorm() }, { TrainingStatistics() }]
    }

    /// Measures every observable on `state`; `trainingSeconds` is the
    /// training time so far without measuring (the `seconds` column).
    /// With `samplesGiven`, `state.samples` are used as they are instead of
    /// drawing the row's own.
    public mutating func measure(_ state: ObservationState, trainingSeconds: Double,
                                 samplesGiven: Bool = false) -> ObservationRow {
        let start = DispatchTime.now().uptimeNanoseconds
        var state = state
        func seconds(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9 }
        if samplesGiven {
            state.samples = state.samples.allSatisfy { $0.x.isFinite && $0.y.isFinite } ? state.samples : []
        } else if let sampling {
            let points = Sampler.sample(network: state.network, method: method, options: sampling).points
            // A sample that is not finite makes the sample columns empty, not a crash.
            state.samples = points.allSatisfy { $0.x.isFinite && $0.y.isFinite } ? points : []
            costs[0].measuring += seconds(since: start)
        }
        var values: [Double?] = []
        for i in observables.indices {
            let begin = DispatchTime.now().uptimeNanoseconds
            values += observables[i].measure(state)
            costs[i + 1].measuring += seconds(since: begin)
        }
        measurements += 1
        observeSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return ObservationRow(step: state.step, columns: columns, values: values + [trainingSeconds, observeSeconds])
    }

    /// The same row for a finished network, outside training (the training
    /// statistics are empty): what a sweep records at the end of a point.
    /// With `samples` (standard frame), the sample observables are measured
    /// on them, the run's own samples, instead of the rows' cheap 6-step
    /// protocol: at N = 8 that protocol's blur halved the memorisation ratio
    /// of EDM (0.44 against 0.87 for 18 Heun steps). Only the first
    /// `sampleCount` are used, so that distances keep the sample size their
    /// noise floors are measured at.
    public mutating func measureFinal(network: MLP<Float>, rawParameters: [Float]? = nil, step: Int,
                                      trainingSeconds: Double, samples: [Point]? = nil) -> ObservationRow {
        var state = ObservationState(step: step, network: network, rawParameters: rawParameters)
        if let samples { state.samples = Array(samples.prefix(sampling?.count ?? samples.count)) }
        return measure(state, trainingSeconds: trainingSeconds, samplesGiven: samples != nil)
    }

    /// `observables.csv` of `rows`.
    public func csv(_ rows: [ObservationRow]) -> String { ObservationRow.csv(rows, columns: columns) }
}
