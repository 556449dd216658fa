import Dispatch
import Foundation

/// Work split over the machine's cores.
public enum Parallel {
    /// Number of worker threads used for data-parallel loops
    /// (`FIELDLAB_THREADS` overrides the active processor count).
    public static let threadCount: Int = {
        if let s = ProcessInfo.processInfo.environment["FIELDLAB_THREADS"], let n = Int(s), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Runs `body(chunk, range)` for contiguous chunks covering `0..<count`, in
    /// parallel when the work is large enough (`minimumPerChunk` items each).
    /// Chunks are disjoint, so writes indexed by the range never overlap.
    public static func forEachChunk(count: Int, minimumPerChunk: Int = 1,
                                    _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = chunkCount(count: count, minimumPerChunk: minimumPerChunk)
        if chunks == 1 { body(0, 0..<count); return }
        withoutActuallyEscaping(body) { body in
            WorkerPool.shared.run(ClosureJob(body: body), count: count, chunks: chunks)
        }
    }

    /// `forEachChunk` for a job value instead of a closure: the same chunks,
    /// with no heap allocation (hot loops use this).
    package static func forEachChunk<Job: ParallelJob>(count: Int, minimumPerChunk: Int = 1, job: Job) {
        guard count > 0 else { return }
        let chunks = chunkCount(count: count, minimumPerChunk: minimumPerChunk)
        if chunks == 1 { job.run(chunk: 0, range: 0..<count); return }
        WorkerPool.shared.run(job, count: count, chunks: chunks)
    }

    /// One chunk per thread, but none smaller than `minimumPerChunk` items;
    /// one chunk on a thread inside `serially`.
    private static func chunkCount(count: Int, minimumPerChunk: Int) -> Int {
        if pthread_getspecific(serialKey) != nil { return 1 }
        return max(1, min(threadCount, count / max(1, minimumPerChunk)))
    }

    /// Runs `body` with every parallel loop it starts on this thread running
    /// on this thread alone: for work that is itself run side by side (a
    /// sweep's `--jobs N` runs N points at once, one core each). Results do
    /// not change, since no loop's result depends on its chunk count.
    public static func serially<T>(_ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(serialKey)
        pthread_setspecific(serialKey, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(serialKey, previous) }
        return try body()
    }

    /// Thread-specific flag: set (non-nil) inside `serially`.
    private static let serialKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// A pointer carried into concurrent work whose writes are disjoint by
/// construction (Swift 6 rejects capturing raw pointers in `@Sendable` closures).
package struct SendablePointer<T>: @unchecked Sendable {
    package let base: UnsafeMutablePointer<T>
    package init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

package struct SendableConstPointer<T>: @unchecked Sendable {
    package let base: UnsafePointer<T>
    package init(_ base: UnsafePointer<T>) { self.base = base }
}
