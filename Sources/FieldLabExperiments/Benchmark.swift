import Foundation
import FieldLabCore
import FieldLabData
import FieldLabFields
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling

/// Speed figures of this machine, measured in one run so they can be read as
/// ratios: the training step's achieved GFLOP/s next to a plain matrix
/// product's.
public struct BenchmarkReport: Codable, Sendable {
    public struct TrainingFigure: Codable, Sendable {
        public var batchSize: Int
        public var stepsPerSecond: Double
        public var samplesPerSecond: Double
        /// Matrix-product FLOPs of a step (forward + backward) per second.
        public var gflops: Double
    }
    public struct SamplingFigure: Codable, Sendable {
        public var points: Int
        public var solver: String
        public var steps: Int
        public var samplesPerSecond: Double
        public var pointStepsPerSecond: Double
        public var gflops: Double
    }
    /// GFLOP/s of one `1024 × 128 × 128` Float product (the hidden layer's shape).
    public var matmulGFLOPS: Double
    /// The machine's peak as measured: independent 8-lane FMA chains on every
    /// thread (`MachinePeak.measuredGFLOPS`), the ceiling no product can pass.
    public var peakGFLOPS: Double
    /// The nominal peak: cores × 2 FMA units × 8 lanes × 2 flops × the clock
    /// /proc/cpuinfo reports (nil where it reports none).
    public var nominalPeakGFLOPS: Double?
    /// Heap allocations per training step (batch 1024) and per sampling step,
    /// when a counting allocator is preloaded (benchmarks/allocations/run.sh);
    /// nil otherwise.
    public var allocationsPerTrainingStep: Double?
    public var allocationsPerSamplingStep: Double?
    public var matmulShape: [Int]
    public var threads: Int
    public var training: [TrainingFigure]
    public var sampling: SamplingFigure?
    /// One exact-field evaluation (three convolutions) by FFT against direct summation.
    public var fields: [FieldBenchmark.Figure]
}

/// The parts of `fieldlab bench`.
public enum BenchmarkPart: String, CaseIterable, Sendable {
    case matmul, training, sampling, fields
}

public enum Benchmark {
    /// Runs the benchmark; `quick` measures shorter (for smoke tests).
    public static func run(quick: Bool = false, network: NetworkConfiguration = NetworkConfiguration(),
                           parts: Set<BenchmarkPart> = Set(BenchmarkPart.allCases)) -> BenchmarkReport {
        let matmul = parts.contains(.matmul) ? matmulGFLOPS(m: 1024, n: 128, k: 128, seconds: quick ? 0.05 : 0.5) : 0
        let peak = parts.contains(.matmul) ? MachinePeak.measuredGFLOPS(seconds: quick ? 0.05 : 0.5) : 0
        let trainingSet = try! TrainingSet.load("moons", size: 20_000, seed: 0)
        // Fixed settings at the default learning rate: training cannot diverge here (hence try!).
        var training: [BenchmarkReport.TrainingFigure] = []
        let layers = network.layerShapes
        let forwardFlops = 2 * Double(layers.reduce(0) { $0 + $1.input * $1.output })
        let backwardFlops = forwardFlops + 2 * Double(layers.dropFirst().reduce(0) { $0 + $1.input * $1.output })
        for batch in parts.contains(.training) ? [256, 1024, 4096] : [] {
            // About 0.7 s per window at FieldLab's speed; the median of three windows.
            let steps = quick ? 3 : max(30, 300_000 / batch)
            let config = TrainingConfiguration(method: .flowMatching, steps: steps, batchSize: batch,
                                               network: network, seed: 1)
            _ = try! Trainer.train(TrainingConfiguration(method: .flowMatching, steps: 2, batchSize: batch,
                                                    network: network, seed: 1), on: trainingSet)  // warm-up
            let seconds = (0..<(quick ? 1 : 3)).map { _ in
                try! Trainer.train(config, on: trainingSet, reportEvery: steps).seconds
            }.sorted()
            let perSecond = Double(steps) / seconds[seconds.count / 2]
            training.append(.init(batchSize: batch, stepsPerSecond: perSecond,
                                  samplesPerSecond: perSecond * Double(batch),
                                  gflops: perSecond * Double(batch) * (forwardFlops + backwardFlops) * 1e-9))
        }
        let trainingAllocations = !parts.contains(.training) ? nil : AllocationCounter.perStep { steps in
            _ = try! Trainer.train(TrainingConfiguration(method: .flowMatching, steps: steps, batchSize: 1024,
                                                    network: network, seed: 1), on: trainingSet, reportEvery: steps)
        }
        var sampling: BenchmarkReport.SamplingFigure?
        var samplingAllocations: Double?
        if parts.contains(.sampling) {
            let net = MLP<Float>(configuration: network, seed: 3)
            let points = quick ? 1000 : 10_000, steps = 100
            let options = SamplingOptions(count: points, solver: .euler, steps: steps, seed: 0)
            _ = Sampler.sample(network: net, method: FlowMatching(), options: options)  // warm-up
            var times: [Double] = []
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = Sampler.sample(network: net, method: FlowMatching(), options: options)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
            let seconds = times.sorted()[1]
            samplingAllocations = AllocationCounter.perStep { steps in
                _ = Sampler.sample(network: net, method: FlowMatching(),
                                   options: SamplingOptions(count: points, solver: .euler, steps: steps, seed: 0))
            }
            let pointSteps = Double(points * steps) / seconds
            sampling = BenchmarkReport.SamplingFigure(
                points: points, solver: "euler", steps: steps, samplesPerSecond: Double(points) / seconds,
                pointStepsPerSecond: pointSteps, gflops: pointSteps * forwardFlops * 1e-9)
        }
        let fields = parts.contains(.fields)
            ? FieldBenchmark.run(gridSizes: quick ? [64] : [256, 512], pointCount: quick ? 1000 : 10_000) : []
        return BenchmarkReport(matmulGFLOPS: matmul, peakGFLOPS: peak, nominalPeakGFLOPS: MachinePeak.nominalGFLOPS,
                               allocationsPerTrainingStep: trainingAllocations,
                               allocationsPerSamplingStep: samplingAllocations,
                               matmulShape: [1024, 128, 128], threads: Parallel.threadCount,
                               training: training, sampling: sampling, fields: fields)
    }

    /// GFLOP/s of repeated `m × k · k × n` Float products for about `seconds`.
    public static func matmulGFLOPS(m: Int, n: Int, k: Int, seconds: Double) -> Double {
        var rng = SeededGenerator(seed: 9)
        let a = (0..<(m * k)).map { _ in Float(rng.nextGaussian()) }
        let b = (0..<(k * n)).map { _ in Float(rng.nextGaussian()) }
        var c = [Float](repeating: 0, count: m * n)
        var repetitions = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    repeat {
                        for _ in 0..<10 {
                            GEMM.multiply(transposeA: false, transposeB: false, m: m, n: n, k: k,
                                          a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: n,
                                          beta: 0, c: cp.baseAddress!, ldc: n)
                        }
                        repetitions += 10
                        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                    } while elapsed < seconds
                }
            }
        }
        return 2 * Double(m * n * k) * Double(repetitions) / elapsed * 1e-9
    }
}
