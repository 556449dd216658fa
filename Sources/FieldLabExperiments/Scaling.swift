import Foundation
import FieldLabCore
import FieldLabData
import FieldLabFields
import FieldLabNeural

/// How the cost grows: training step time against batch size and network
/// width, and the exact field's cost against the number of training points
/// (grid path against direct summation). `fieldlab bench --scaling` prints it.
public enum Scaling {
    public struct TrainingRow: Codable, Sendable {
        public var batchSize: Int
        public var width: Int
        public var millisecondsPerStep: Double
        public var samplesPerSecond: Double
        public var gflops: Double
    }

    public struct FieldRow: Codable, Sendable {
        public var trainingPoints: Int
        /// Seconds to denoise `queries` points with the grid (FFT) path, the
        /// node field built from scratch (a new kernel) and interpolated.
        public var gridSeconds: Double
        /// Seconds for the same queries by direct summation over all points
        /// (timed on a subset of the queries and scaled up).
        public var directSeconds: Double
        public var queries: Int
    }

    public struct Report: Codable, Sendable {
        public var byBatch: [TrainingRow]
        public var byWidth: [TrainingRow]
        public var byPoints: [FieldRow]
    }

    public static func run(quick: Bool = false) -> Report {
        let set = try! TrainingSet.load("moons", size: 20_000, seed: 0)
        // Fixed settings at the default learning rate: training cannot diverge here (hence try!).
        func row(batch: Int, width: Int) -> TrainingRow {
            let network = NetworkConfiguration(width: width)
            // About 1–2 s per row: 1.2e11 flops of products.
            let flopsPerStep = 6 * Double(network.forwardMultiplyAddsPerPoint) * Double(batch)
            let steps = quick ? 3 : max(10, Int(1.2e11 / flopsPerStep))
            let config = TrainingConfiguration(method: .flowMatching, steps: steps, batchSize: batch,
                                               network: network, seed: 1)
            _ = try! Trainer.train(TrainingConfiguration(method: .flowMatching, steps: 2, batchSize: batch,
                                                    network: network, seed: 1), on: set)
            let seconds = try! Trainer.train(config, on: set, reportEvery: steps).seconds / Double(steps)
            return TrainingRow(batchSize: batch, width: width, millisecondsPerStep: 1000 * seconds,
                               samplesPerSecond: Double(batch) / seconds, gflops: flopsPerStep / seconds * 1e-9)
        }
        let byBatch = (quick ? [64, 256] : [64, 256, 1024, 4096, 16_384]).map { row(batch: $0, width: 128) }
        let byWidth = (quick ? [64, 128] : [64, 128, 256, 512]).map { row(batch: 1024, width: $0) }

        var byPoints: [FieldRow] = []
        var rng = SeededGenerator(seed: 5)
        let queries = quick ? 200 : 10_000
        let queryPoints = Matrix<Double>(rows: queries, columns: 2,
                                         storage: (0..<(2 * queries)).map { _ in rng.nextGaussian() })
        for n in quick ? [1000, 10_000] : [1000, 10_000, 100_000, 1_000_000] {
            let points = (0..<n).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) }
            let denoiser = ExactDenoiser(points: points, gridSize: 256)
            _ = denoiser.denoise(queryPoints, kernel: .gaussian(sigma: 0.4))  // plans and cell lists
            let kernel = FieldKernel.gaussian(sigma: 0.5)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = denoiser.denoise(queryPoints, kernel: kernel)
            let grid = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            let subset = max(1, min(queries, 20_000_000 / n))
            let directStart = DispatchTime.now().uptimeNanoseconds
            var sink = Point.zero
            for q in 0..<subset {
                sink += DirectSummation.denoise(Point(queryPoints[q, 0], queryPoints[q, 1]), points: points, kernel: kernel)
            }
            precondition(sink.x.isFinite)
            let direct = Double(DispatchTime.now().uptimeNanoseconds - directStart) * 1e-9 * Double(queries) / Double(subset)
            byPoints.append(FieldRow(trainingPoints: n, gridSeconds: grid, directSeconds: direct, queries: queries))
        }
        return Report(byBatch: byBatch, byWidth: byWidth, byPoints: byPoints)
    }
}
