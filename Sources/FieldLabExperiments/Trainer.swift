import Foundation
import FieldLabCore
import FieldLabData
import FieldLabFields
import FieldLabMethods
import FieldLabNeural

/// What the trainer reports as it goes (the library never prints; the CLI does).
public struct TrainingEvent: Sendable, Codable, Equatable {
    public var step: Int
    public var totalSteps: Int
    /// Mean loss over the steps since the previous event.
    public var loss: Double
    public var learningRate: Double
    /// Mean gradient norm (before clipping) over the same steps.
    public var gradientNorm: Double
    public var seconds: Double
    /// Field error of the averaged network (overall mean ‖v_θ − v*‖²), when
    /// measured in the steps since the previous event.
    public var fieldError: Double? = nil
}

/// The result of a run: the averaged (EMA) network used for sampling, the raw
/// network, the loss log and the observables.
public struct TrainingResult: Sendable {
    public var network: MLP<Float>
    public var rawNetwork: MLP<Float>
    public var log: [TrainingEvent]
    /// Wall time of the training loop, measuring included.
    public var seconds: Double
    /// One row every `observeEvery` steps (empty when not observing).
    public var observations: [ObservationRow] = []
    /// The observer after the run (its columns, costs, and for one more row).
    public var observer: Observer? = nil
    /// Seconds spent measuring inside the loop (the observer's preparation excluded).
    public var observeSeconds = 0.0
}

/// The training loop, as a recipe: draw a minibatch of data, let the method
/// turn it into (input, conditioning, target, weight), one forward and
/// backward pass, clip, Adam, update the moving average.
///
/// The minibatch is cut into `shardCount` fixed shards that run side by side
/// on the cores (data parallelism: each shard draws its own examples from its
/// own random stream, runs forward and backward on its rows with
/// single-threaded products, and keeps its own gradient; one parallel region
/// per step instead of one per matrix product). The shards' gradients meet in
/// one fused pass: norm for clipping, Adam, moving average. The shard count
/// does not follow the thread count, so results do not depend on it. After
/// the first step nothing is allocated (except by minibatch-OT assignments).
///
/// **Divergence.** A run that blows up stops with
/// ``TrainingError/diverged(step:cause:)`` instead of returning garbage. Every
/// step, before its update is applied: the minibatch loss and the gradient
/// norm must be finite, and the loss must stay below
/// `explosionFactor` (10⁶) × max(1, the first step's loss) — the first step's
/// loss is that of the untrained network, about 1 for every method, so an
/// exploding but finite run (lr 10³ reaches 10²⁶) is caught long before Float
/// overflows. Every report and after the last step, all raw parameters and
/// their moving average must be finite (the first bad index is named).
public enum Trainer {
    /// Shards per minibatch (the machine this was tuned on has two cores; the
    /// fused optimiser pass sums at most two shard gradients).
    public static let shardCount = 2

    /// How many times its first value the loss may grow before the run counts
    /// as diverged.
    public static let explosionFactor = 1e6

    /// Trains a network on `trainingSet` (points in the standard frame).
    /// `report` is called every `reportEvery` steps and at the last step.
    ///
    /// - Throws: ``TrainingError/diverged(step:cause:)`` when the loss, the
    ///   gradient or the parameters go bad (see the type's documentation).
    ///
    /// With `configuration.observeEvery = K`, `observer` (a standard
    /// ``Observer`` prepared here when nil) measures a row every K steps, on
    /// the averaged network, after checking that the parameters are finite.
    ///
    /// **Resuming.** With `checkpointEvery = K`, `checkpoint` receives the
    /// loop's whole ``TrainingState`` after every K-th step (not the last),
    /// once its parameters are checked finite. Passed back as `resume`, such a
    /// state continues the run from its step to the same result, bit for bit,
    /// as the run that never stopped (the log's seconds aside). Observing
    /// (`observeEvery`) keeps state outside the loop and is refused with it.
    public static func train(_ configuration: TrainingConfiguration, on trainingSet: TrainingSet,
                             observer: Observer? = nil,
                             reportEvery: Int = 10, resume: TrainingState? = nil, checkpointEvery: Int? = nil,
                             checkpoint: (TrainingState) throws -> Void = { _ in },
                             report: (TrainingEvent) -> Void = { _ in }) throws -> TrainingResult {
        try train(configuration, on: trainingSet, observer: observer, reportEvery: reportEvery, resume: resume,
                  checkpointEvery: checkpointEvery, checkpoint: checkpoint, report: report, afterUpdate: nil)
    }

    /// `train`, with a hook called after every update with the 1-based step
    /// and the raw parameters (tests inject faults through it).
    static func train(_ configuration: TrainingConfiguration, on trainingSet: TrainingSet, observer: Observer? = nil,
                      reportEvery: Int, resume: TrainingState? = nil, checkpointEvery: Int? = nil,
                      checkpoint: (TrainingState) throws -> Void = { _ in }, report: (TrainingEvent) -> Void,
                      afterUpdate: ((Int, inout [Float]) -> Void)?) throws -> TrainingResult {
        precondition(configuration.steps > 0 && configuration.batchSize > 0, "steps and batch size must be positive")
        precondition(!trainingSet.points.isEmpty, "empty training set")
        precondition(checkpointEvery.map { $0 > 0 } ?? true, "checkpoint interval must be positive")
        precondition((resume == nil && checkpointEvery == nil) || (configuration.observeEvery == nil && observer == nil),
                     "a resumable run cannot observe")
        let method = configuration.generativeMethod
        var rng = SeededGenerator(seed: configuration.seed)
        var network = MLP<Float>(configuration: configuration.network, seed: rng.next())
        var adam = Adam<Float>(parameterCount: network.parameters.count,
                               weightDecay: Float(configuration.weightDecay))
        var ema = ExponentialMovingAverage(initial: network.parameters, decay: configuration.emaDecay)
        var firstStep = 0
        if let resume {
            precondition(resume.parameters.count == network.parameters.count && resume.step < configuration.steps,
                         "a training state from another configuration")
            network.parameters = resume.parameters
            adam = resume.optimizer
            ema = resume.average
            rng = resume.random
            firstStep = resume.step
        }

        let batch = configuration.batchSize
        let data = trainingSet.points
        let shardCount = min(Self.shardCount, batch)
        var shards = (0..<shardCount).map { s in
            TrainingShard(rows: batch * (s + 1) / shardCount - batch * s / shardCount,
                          batch: batch, parameterCount: network.parameters.count)
        }

        var log: [TrainingEvent] = resume?.log ?? []
        // The exact field of the training set, built only if the field error is logged.
        let denoiser = configuration.fieldErrorEvery.map { _ in ExactDenoiser(points: data) }
        var fieldError = resume?.pendingFieldError
        var lossSum = resume?.pendingLoss ?? 0, normSum = resume?.pendingNorm ?? 0, lossCount = resume?.pendingCount ?? 0
        var lossLimit = resume?.lossLimit ?? .infinity
        var observer = observer ?? configuration.observeEvery.map { _ in
            Observer(configuration: configuration, trainingSet: trainingSet, settings: configuration.observerSettings)
        }
        var observations: [ObservationRow] = []
        var observedLoss = 0.0, observedNorm = 0.0, observedCount = 0, measuring = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        let earlierSeconds = resume?.seconds ?? 0
        func elapsed() -> Double { earlierSeconds + Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

        for step in firstStep..<configuration.steps {
            // 1–3. Each shard: examples, forward, loss, backward (in parallel).
            for s in 0..<shardCount { shards[s].random = rng.fork(stream: UInt64(s)) }
            shards.withUnsafeMutableBufferPointer { buffer in
                // (The job's copy of the network ends with this closure, before Adam
                // writes the parameters, so that they are not copied on write.)
                let job = ShardJob(shards: SendablePointer(buffer.baseAddress!), network: network,
                                   method: method, data: data)
                Parallel.forEachChunk(count: shardCount, minimumPerChunk: 1, job: job)
            }
            let loss = shards.reduce(0) { $0 + $1.loss }
            // 4. One pass: clip (as a scale), Adam, EMA.
            let second = shardCount > 1 ? shards[1].gradient : nil
            let norm = gradientNorm(shards[0].gradient, plus: second)
            if step == 0 { lossLimit = explosionFactor * max(1, loss) }
            try checkStep(step: step + 1, loss: loss, gradientNorm: norm, limit: lossLimit)
            let maxNorm = Float(configuration.gradientClip)
            let scale: Float = norm > maxNorm && norm.isFinite ? maxNorm / norm : 1
            let lr = configuration.learningRate(at: step)
            adam.update(&network.parameters, gradient: shards[0].gradient, plus: second, gradientScale: scale,
                        learningRate: Float(lr), average: &ema)
            afterUpdate?(step + 1, &network.parameters)

            if let every = configuration.fieldErrorEvery, let denoiser, (step + 1) % every == 0 {
                var averaged = network
                averaged.parameters = ema.average
                fieldError = FieldError.measure(network: averaged, method: method, denoiser: denoiser,
                                                count: 256, seed: configuration.seed).overall
            }
            lossSum += loss
            normSum += Double(norm)
            lossCount += 1
            observedLoss += loss
            observedNorm += Double(norm)
            observedCount += 1
            if configuration.observes(atStep: step + 1), observer != nil {
                try checkParameters(network.parameters, average: ema.average, step: step + 1)
                let begin = elapsed()
                var averaged = network
                averaged.parameters = ema.average
                let state = ObservationState(step: step + 1, network: averaged, rawParameters: network.parameters,
                                             trainLoss: observedLoss / Double(observedCount),
                                             gradientNorm: observedNorm / Double(observedCount), learningRate: lr)
                observations.append(observer!.measure(state, trainingSeconds: begin - measuring))
                measuring += elapsed() - begin
                observedLoss = 0
                observedNorm = 0
                observedCount = 0
            }
            if (step + 1) % reportEvery == 0 || step + 1 == configuration.steps {
                try checkParameters(network.parameters, average: ema.average, step: step + 1)
                let event = TrainingEvent(step: step + 1, totalSteps: configuration.steps,
                                          loss: lossSum / Double(lossCount), learningRate: lr,
                                          gradientNorm: normSum / Double(lossCount), seconds: elapsed(),
                                          fieldError: fieldError)
                fieldError = nil
                log.append(event)
                report(event)
                lossSum = 0
                normSum = 0
                lossCount = 0
            }
            if let every = checkpointEvery, (step + 1) % every == 0, step + 1 < configuration.steps {
                try checkParameters(network.parameters, average: ema.average, step: step + 1)
                try checkpoint(TrainingState(
                    step: step + 1, parameters: network.parameters, optimizer: adam, average: ema, random: rng,
                    lossLimit: lossLimit, log: log, pendingLoss: lossSum, pendingNorm: normSum,
                    pendingCount: lossCount, pendingFieldError: fieldError, seconds: elapsed()))
            }
        }
        var averaged = network
        averaged.parameters = ema.average
        return TrainingResult(network: averaged, rawNetwork: network, log: log, seconds: elapsed(),
                              observations: observations, observer: observer, observeSeconds: measuring)
    }

    /// Throws when one step's loss or gradient norm shows divergence.
    static func checkStep(step: Int, loss: Double, gradientNorm norm: Float, limit: Double) throws {
        if loss.isNaN { throw TrainingError.diverged(step: step, cause: "the loss is NaN") }
        if loss.isInfinite { throw TrainingError.diverged(step: step, cause: "the loss is infinite") }
        if norm.isNaN { throw TrainingError.diverged(step: step, cause: "the gradient norm is NaN") }
        if norm.isInfinite { throw TrainingError.diverged(step: step, cause: "the gradient norm is infinite") }
        if loss > limit {
            throw TrainingError.diverged(step: step, cause: String(
                format: "the loss %.3g exceeded %.3g (10⁶ × max(1, the first step's loss))", loss, limit))
        }
    }

    /// Throws when a raw parameter or its moving average is not finite.
    static func checkParameters(_ parameters: [Float], average: [Float], step: Int) throws {
        func check(_ values: [Float], _ name: String) throws {
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                throw TrainingError.diverged(step: step, cause: "\(name) \(i) is \(values[i].isNaN ? "NaN" : "infinite")")
            }
        }
        try check(parameters, "parameter")
        try check(average, "averaged parameter")
    }

    /// Σ_i w_i Σ_j (F_ij − T_ij)² / B over this shard's rows, writing
    /// ∂/∂F = 2 w_i (F_ij − T_ij) / B into `gradient` (B: the whole minibatch).
    static func weightedSquaredError(output: [Float], target: [Float], weight: [Float],
                                     gradient: inout [Float], batchSize: Int) -> Double {
        let batch = weight.count
        let d = output.count / batch
        let scale = 2 / Float(batchSize)
        var total = 0.0
        output.withUnsafeBufferPointer { f in
            target.withUnsafeBufferPointer { t in
                weight.withUnsafeBufferPointer { w in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for i in 0..<batch {
                            var rowSum: Float = 0
                            for j in 0..<d {
                                let e = f[i * d + j] - t[i * d + j]
                                rowSum += e * e
                                g[i * d + j] = scale * w[i] * e
                            }
                            total += Double(w[i] * rowSum)
                        }
                    }
                }
            }
        }
        return total / Double(batchSize)
    }
}

/// One shard of a minibatch: its random stream, data, examples, network
/// buffers and gradient, all kept from step to step.
struct TrainingShard: Sendable {
    var random = SeededGenerator(seed: 0)
    let batchSize: Int
    var ys: [Point]
    var examples: [TrainingExample]
    var input: Matrix<Float>
    var conditioning: [Float]
    var target: [Float]
    var weight: [Float]
    var outputGradient: [Float]
    var gradient: [Float]
    var workspace = MLPWorkspace<Float>(parallel: false)
    var loss = 0.0

    init(rows: Int, batch: Int, parameterCount: Int) {
        batchSize = batch
        ys = Array(repeating: .zero, count: rows)
        examples = Array(repeating: TrainingExample(input: .zero, conditioning: 0, target: .zero), count: rows)
        input = Matrix(rows: rows, columns: 2)
        conditioning = Array(repeating: 0, count: rows)
        target = Array(repeating: 0, count: 2 * rows)
        weight = Array(repeating: 0, count: rows)
        outputGradient = Array(repeating: 0, count: 2 * rows)
        gradient = Array(repeating: 0, count: parameterCount)
    }

    /// Draws this shard's data and examples, then forward, loss and backward into `gradient`.
    mutating func run(network: MLP<Float>, method: any GenerativeMethod, data: [Point]) {
        for i in ys.indices { ys[i] = data[random.nextIndex(below: data.count)] }
        method.fillTrainingBatch(for: ys, into: &examples, using: &random)
        backpropagate(network: network)
    }

    /// Forward, loss and backward of `examples` into `loss` and `gradient`.
    mutating func backpropagate(network: MLP<Float>) {
        for i in examples.indices {
            let example = examples[i]
            input.storage[2 * i] = Float(example.input.x)
            input.storage[2 * i + 1] = Float(example.input.y)
            conditioning[i] = Float(example.conditioning)
            target[2 * i] = Float(example.target.x)
            target[2 * i + 1] = Float(example.target.y)
            weight[i] = Float(example.weight)
        }
        network.forward(points: input, conditioning: conditioning, workspace: &workspace)
        loss = Trainer.weightedSquaredError(output: workspace.output, target: target, weight: weight,
                                            gradient: &outputGradient, batchSize: batchSize)
        network.backward(outputGradient: outputGradient, workspace: &workspace, into: &gradient)
    }
}

/// The shards of one step, one contiguous run of them per core.
private struct ShardJob: ParallelJob {
    let shards: SendablePointer<TrainingShard>
    let network: MLP<Float>
    let method: any GenerativeMethod
    let data: [Point]

    func run(chunk: Int, range: Range<Int>) {
        for s in range { shards.base[s].run(network: network, method: method, data: data) }
    }
}
