#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch memory owned by the calling thread: grown when a larger block is
/// asked for, otherwise reused, so hot loops (the GEMM's packing buffers) do
/// not go to the heap on every call. Freed when the thread exits.
enum ThreadScratch {
    /// Layout of a block: its capacity in bytes, then the 64-byte-aligned data.
    private static let headerBytes = 64

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { block in free(block) }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()

    /// At least `count` floats, 64-byte aligned, valid until the next call on this thread.
    static func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
        let bytes = max(1, count) * MemoryLayout<Float>.stride
        if let block = pthread_getspecific(key), block.load(as: Int.self) >= bytes {
            return (block + headerBytes).bindMemory(to: Float.self, capacity: count)
        }
        if let old = pthread_getspecific(key) { free(old) }
        var raw: UnsafeMutableRawPointer?
        let capacity = max(bytes, 64 * 1024)
        precondition(posix_memalign(&raw, 64, headerBytes + capacity) == 0 && raw != nil, "out of memory")
        let block = raw!
        block.storeBytes(of: capacity, as: Int.self)
        pthread_setspecific(key, block)
        return (block + headerBytes).bindMemory(to: Float.self, capacity: count)
    }
}
