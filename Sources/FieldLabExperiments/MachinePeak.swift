import Foundation
import FieldLabCore

/// The ceiling for any Float computation on this machine, so that speeds can
/// be reported as a share of it.
public enum MachinePeak {
    /// GFLOP/s of a pure fused multiply–add loop on every thread: twelve
    /// independent 8-lane chains (enough to hide the FMA latency on two
    /// pipes), no memory traffic. Each FMA counts as two flops.
    public static func measuredGFLOPS(seconds: Double = 0.5, threads: Int = Parallel.threadCount) -> Double {
        let iterations = 1 << 20
        let results = UnsafeMutablePointer<Double>.allocate(capacity: threads)
        defer { results.deallocate() }
        let out = SendablePointer(results)
        Parallel.forEachChunk(count: threads, minimumPerChunk: 1) { _, range in
            for t in range {
                let start = DispatchTime.now().uptimeNanoseconds
                var rounds = 0, sink = SIMD8<Float>()
                var elapsed = 0.0
                repeat {
                    sink += fmaChains(iterations: iterations, seed: Float(rounds & 7) * 1e-9)
                    rounds += 1
                    elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
                } while elapsed < seconds
                // 12 chains × 8 lanes × 2 flops per iteration.
                out.base[t] = sink.sum().isNaN ? 0 : Double(rounds * iterations * 12 * 8 * 2) / elapsed * 1e-9
            }
        }
        return (0..<threads).reduce(0) { $0 + results[$1] }
    }

    /// Twelve independent FMA chains that stay finite (x ← x·a + b with a < 1).
    @inline(never)
    static func fmaChains(iterations: Int, seed: Float) -> SIMD8<Float> {
        typealias V = SIMD8<Float>
        let a = V(repeating: 0.999_999), b = V(repeating: 1e-7 + seed)
        var c0 = V(repeating: 0.1), c1 = V(repeating: 0.2), c2 = V(repeating: 0.3), c3 = V(repeating: 0.4)
        var c4 = V(repeating: 0.5), c5 = V(repeating: 0.6), c6 = V(repeating: 0.7), c7 = V(repeating: 0.8)
        var c8 = V(repeating: 0.9), c9 = V(repeating: 1.0), c10 = V(repeating: 1.1), c11 = V(repeating: 1.2)
        for _ in 0..<iterations {
            c0 = b.addingProduct(c0, a); c1 = b.addingProduct(c1, a); c2 = b.addingProduct(c2, a)
            c3 = b.addingProduct(c3, a); c4 = b.addingProduct(c4, a); c5 = b.addingProduct(c5, a)
            c6 = b.addingProduct(c6, a); c7 = b.addingProduct(c7, a); c8 = b.addingProduct(c8, a)
            c9 = b.addingProduct(c9, a); c10 = b.addingProduct(c10, a); c11 = b.addingProduct(c11, a)
        }
        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11
    }

    /// cores × 2 FMA pipes × 8 Float lanes × 2 flops × clock, from the clock
    /// that /proc/cpuinfo reports (nil where there is none, e.g. not Linux).
    /// AVX2 machines with two 256-bit FMA pipes per core (Zen 2/3, Haswell and
    /// later) are what this formula describes.
    public static var nominalGFLOPS: Double? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let clocks = text.split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("cpu MHz"), let value = line.split(separator: ":").last else { return nil }
            return Double(value.trimmingCharacters(in: .whitespaces))
        }
        guard let mhz = clocks.max(), mhz > 0 else { return nil }
        return Double(ProcessInfo.processInfo.activeProcessorCount) * 2 * 8 * 2 * mhz * 1e-3
    }
}

/// The count exported by a preloaded counting allocator
/// (benchmarks/allocations/count_malloc.c), looked up at run time.
enum AllocationCounter {
    private typealias CountFunction = @convention(c) () -> Int
    private static let function: CountFunction? = {
        guard let symbol = dlsym(nil, "fieldlab_allocation_count") else { return nil }
        return unsafeBitCast(symbol, to: CountFunction.self)
    }()

    static var isAvailable: Bool { function != nil }
    static var count: Int { function?() ?? 0 }

    /// Allocations per step of a loop: `run(steps)` twice, with 10 and 60
    /// steps; the difference is the loop's own. Nil without a counting allocator.
    static func perStep(_ run: (Int) -> Void) -> Double? {
        guard isAvailable else { return nil }
        func allocations(steps: Int) -> Int {
            let before = count
            run(steps)
            return count - before
        }
        return Double(allocations(steps: 60) - allocations(steps: 10)) / 50
    }
}
