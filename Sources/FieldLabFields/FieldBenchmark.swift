import FieldLabCore
import Foundation

/// How much the FFT buys: one field evaluation on a grid (the three
/// convolutions) against direct summation at the same nodes.
public enum FieldBenchmark {
    /// The figures for one grid size. The grid evaluation uses all cores
    /// (`Parallel.threadCount`); direct summation is timed on one.
    public struct Figure: Sendable, Codable, Equatable {
        /// `G`: nodes per side (the FFTs are `2G × 2G`).
        public var gridSize: Int
        /// Seconds for one evaluation of ρ⊛K, ρ⊛u_xK, ρ⊛u_yK at all `G²` nodes:
        /// deposit, kernel sampling and the transforms (plans already made). The
        /// Gaussian factors over the axes, so this is the separable route
        /// (`SeparableConvolution`: 1-D transforms of rows and columns, no
        /// `2G × 2G` arrays); other kernels take the 2-D route (`FFTConvolution`).
        public var fftSeconds: Double
        /// Seconds for the same three sums by direct summation over all points at
        /// all `G²` nodes (timed on a subset of nodes and scaled up).
        public var directSeconds: Double
        /// `directSeconds / fftSeconds`.
        public var ratio: Double
        /// Number of training points.
        public var pointCount: Int
        /// Seconds FFTW's planner took for this size (`FFTW_MEASURE`, once per process).
        public var planningSeconds: Double
    }

    /// Times grids of each size in `gridSizes` for `pointCount` points drawn from
    /// N(0, I) with `seed`, with a Gaussian kernel the grid resolves.
    public static func run(gridSizes: [Int] = [256, 512], pointCount: Int = 10_000, seed: UInt64 = 0) -> [Figure] {
        var generator = SeededGenerator(seed: seed)
        let points = (0..<pointCount).map { _ in
            let (a, b) = generator.nextGaussianPair()
            return Point(a, b)
        }
        return gridSizes.map { size in
            let denoiser = ExactDenoiser(points: points, gridSize: size)
            let kernel = FieldKernel.gaussian(sigma: 1)
            _ = denoiser.gridConvolutions(kernel: kernel)  // makes the plans
            let planning = FFTPlanCache.shared.planningSeconds(size: 2 * size) ?? 0
            var times: [Double] = []
            for _ in 0..<3 {
                times.append(seconds { _ = denoiser.gridConvolutions(kernel: kernel) })
            }
            let fft = times.sorted()[1]
            let nodes = denoiser.geometry(for: kernel).nodes
            let sample = min(nodes.count, 1000)
            let stride = nodes.count / sample
            let direct = seconds {
                var sink = Point.zero
                for n in 0..<sample {
                    sink += DirectSummation.denoise(nodes[n * stride], points: points, kernel: kernel)
                }
                precondition(sink.x.isFinite)
            } * Double(nodes.count) / Double(sample)
            return Figure(gridSize: size, fftSeconds: fft, directSeconds: direct, ratio: direct / fft,
                          pointCount: pointCount, planningSeconds: planning)
        }
    }

    private static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }
}
