import Foundation
import Synchronization

/// The threads behind `Parallel.forEachChunk`: `threadCount − 1` workers that
/// live as long as the process, plus the calling thread.
///
/// Why not `DispatchQueue.concurrentPerform`: it heap-allocates on every call
/// (the closure becomes a block) and wakes its threads from sleep, 10–20 µs
/// here — at one parallel region per training step of 0.5 ms both show. A
/// worker here spins briefly after each job (the next region usually follows
/// within microseconds) and only then sleeps on its semaphore.
///
/// One job runs at a time. A region started while another is running (a
/// parallel loop nested in a parallel loop) runs on the calling thread alone.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(threads: Parallel.threadCount)

    /// How long an idle worker spins before it sleeps.
    static let spinNanoseconds: UInt64 = 200_000

    let threads: Int
    /// Bumped once per job; workers run a job when they see a new value. The
    /// low 8 bits hold the job's chunk count, so a worker reads both at once.
    private let generation = Atomic<Int>(0)
    /// Workers still running the current job.
    private let pending = Atomic<Int>(0)
    /// Set while a job runs (nested regions then run inline).
    private let busy = Atomic<Bool>(false)
    /// Bit w set: worker w is (about to be) asleep on its semaphore. Exactly one
    /// side clears it: `run` (which then signals) or the worker (which then
    /// does not wait).
    private let sleeping = Atomic<Int>(0)
    private let semaphores: [DispatchSemaphore]
    /// The current job: where it lives (on the caller's stack) and its type,
    /// which knows how to run it. Written before `generation` is bumped, read
    /// only by the workers the job needs (which `run` waits for). A metatype
    /// and a pointer, not a closure: handing a closure to another thread
    /// costs a heap allocation per region.
    private var jobAddress: UnsafeRawPointer?
    private var jobType: (any ParallelJob.Type)?
    private var jobCount = 0
    private var sequence = 0

    init(threads: Int) {
        self.threads = max(1, min(threads, 64))
        semaphores = (0..<(self.threads - 1)).map { _ in DispatchSemaphore(value: 0) }
        for worker in 0..<(self.threads - 1) {
            let thread = Thread { [unowned self] in self.workerLoop(worker) }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    /// Runs chunk c of `job` (the c-th of `chunks` contiguous parts of
    /// 0..<count) for every c, chunk 0 on the calling thread and chunk c on
    /// worker c − 1; returns when all are done.
    func run<Job: ParallelJob>(_ job: Job, count: Int, chunks: Int) {
        precondition(chunks <= threads, "more chunks than threads")
        guard chunks > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for c in 0..<chunks { job.run(chunk: c, range: Self.range(c, of: chunks, count: count)) }
            return
        }
        withUnsafePointer(to: job) { address in
            jobAddress = UnsafeRawPointer(address)
            jobType = Job.self
            jobCount = count
            pending.store(chunks - 1, ordering: .relaxed)
            sequence += 1
            generation.store(sequence << 8 | chunks, ordering: .sequentiallyConsistent)
            for worker in 0..<(chunks - 1) {
                let bit = 1 << worker
                if sleeping.bitwiseAnd(~bit, ordering: .sequentiallyConsistent).oldValue & bit != 0 {
                    semaphores[worker].signal()
                }
            }
            job.run(chunk: 0, range: Self.range(0, of: chunks, count: count))
            while pending.load(ordering: .acquiring) > 0 {}
            jobAddress = nil
            jobType = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// The c-th of `chunks` contiguous parts of 0..<count.
    static func range(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * c / chunks)..<(count * (c + 1) / chunks)
    }

    private func workerLoop(_ worker: Int) {
        var seen = 0
        while true {
            // Spin for a while, then sleep until `run` signals.
            let start = DispatchTime.now().uptimeNanoseconds
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                if DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds {
                    let bit = 1 << worker
                    sleeping.bitwiseOr(bit, ordering: .sequentiallyConsistent)
                    current = generation.load(ordering: .sequentiallyConsistent)
                    if current != seen {
                        // A job arrived meanwhile: cancel the sleep, or, if `run`
                        // already claimed it, take the signal it sent.
                        if sleeping.bitwiseAnd(~bit, ordering: .sequentiallyConsistent).oldValue & bit == 0 {
                            semaphores[worker].wait()
                        }
                    } else {
                        semaphores[worker].wait()
                        current = generation.load(ordering: .acquiring)
                    }
                    break
                }
                current = generation.load(ordering: .acquiring)
            }
            guard current != seen else { continue }
            seen = current
            let chunks = current & 0xFF
            guard worker + 1 < chunks, let jobType, let jobAddress else { continue }
            jobType.invoke(jobAddress, chunk: worker + 1, range: Self.range(worker + 1, of: chunks, count: jobCount))
            pending.subtract(1, ordering: .releasing)
        }
    }
}

/// Work split into chunks for `Parallel.forEachChunk(count:minimumPerChunk:job:)`:
/// a value (typically pointers to disjoint outputs and the read-only inputs)
/// whose `run` handles one contiguous range. Unlike a closure it crosses to
/// the worker threads without a heap allocation.
package protocol ParallelJob {
    func run(chunk: Int, range: Range<Int>)
}

extension ParallelJob {
    /// Runs the job stored at `address` (called through the job's metatype).
    static func invoke(_ address: UnsafeRawPointer, chunk: Int, range: Range<Int>) {
        address.assumingMemoryBound(to: Self.self).pointee.run(chunk: chunk, range: range)
    }
}

/// A closure as a job (for callers outside hot loops).
struct ClosureJob: ParallelJob {
    let body: (Int, Range<Int>) -> Void
    func run(chunk: Int, range: Range<Int>) { body(chunk, range) }
}
