import Synchronization
import Foundation
import Testing
@testable import FieldLabCore

/// The worker pool behind `Parallel.forEachChunk`: every index once, chunks
/// as documented, nested regions inline, and no lost wake-ups over many regions.
@Suite struct WorkerPoolTests {
    /// Adds one to every index of its range.
    struct CountingJob: ParallelJob {
        let counts: SendablePointer<Int>
        let chunkOfIndex: SendablePointer<Int>
        func run(chunk: Int, range: Range<Int>) {
            for i in range {
                counts.base[i] += 1
                chunkOfIndex.base[i] = chunk
            }
        }
    }

    @Test func everyIndexRunsOnceInContiguousChunks() {
        for count in [1, 2, 3, 17, 1000] {
            var counts = [Int](repeating: 0, count: count)
            var chunks = [Int](repeating: -1, count: count)
            counts.withUnsafeMutableBufferPointer { c in
                chunks.withUnsafeMutableBufferPointer { k in
                    Parallel.forEachChunk(count: count, minimumPerChunk: 1,
                                          job: CountingJob(counts: SendablePointer(c.baseAddress!),
                                                           chunkOfIndex: SendablePointer(k.baseAddress!)))
                }
            }
            #expect(counts.allSatisfy { $0 == 1 })
            // Chunk numbers never decrease along the indices: contiguous parts.
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(chunks.first == 0)
        }
    }

    @Test func manyRegionsInARowAllComplete() {
        // Alternating short regions and pauses longer than the workers' spin
        // exercises both hand-overs (spinning and sleeping workers).
        var total = 0
        for round in 0..<3000 {
            var counts = [Int](repeating: 0, count: 64)
            counts.withUnsafeMutableBufferPointer { c in
                let p = SendablePointer(c.baseAddress!)
                Parallel.forEachChunk(count: 64, minimumPerChunk: 1) { _, range in
                    for i in range { p.base[i] += 1 }
                }
            }
            total += counts.reduce(0, +)
            if round % 500 == 0 { usleep(1000) }
        }
        #expect(total == 3000 * 64)
    }

    @Test func aNestedRegionRunsInlineAndStillCoversItsRange() {
        let outer = 8, inner = 50
        var sums = [Int](repeating: 0, count: outer)
        sums.withUnsafeMutableBufferPointer { s in
            let base = SendablePointer(s.baseAddress!)
            Parallel.forEachChunk(count: outer, minimumPerChunk: 1) { _, range in
                for o in range {
                    var local = [Int](repeating: 0, count: inner)
                    local.withUnsafeMutableBufferPointer { l in
                        let lp = SendablePointer(l.baseAddress!)
                        Parallel.forEachChunk(count: inner, minimumPerChunk: 1) { _, r in
                            for i in r { lp.base[i] = i }
                        }
                    }
                    base.base[o] = local.reduce(0, +)
                }
            }
        }
        #expect(sums.allSatisfy { $0 == inner * (inner - 1) / 2 })
    }

    @Test func seriallyRunsEveryLoopAsOneChunkOnTheCallingThread() {
        let chunks = Mutex(Set<Int>())
        let caller = pthread_self()
        let onCaller = Mutex(true)
        Parallel.serially {
            Parallel.forEachChunk(count: 1000, minimumPerChunk: 1) { chunk, range in
                chunks.withLock { _ = $0.insert(chunk) }
                if pthread_equal(pthread_self(), caller) == 0 { onCaller.withLock { $0 = false } }
                #expect(range == 0..<1000)
            }
        }
        #expect(chunks.withLock { $0 } == [0])
        #expect(onCaller.withLock { $0 })
        // Outside, the loop splits again when there are threads to split over.
        let outside = Mutex(Set<Int>())
        Parallel.forEachChunk(count: 1000, minimumPerChunk: 1) { chunk, _ in outside.withLock { _ = $0.insert(chunk) } }
        #expect(outside.withLock { $0.count } == min(Parallel.threadCount, 1000))
    }
}
