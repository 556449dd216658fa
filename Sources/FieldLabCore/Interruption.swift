import Foundation
import Synchronization

/// SIGINT and SIGTERM, handled so that an interrupted command leaves no
/// unfinished output: every temporary file being written and every folder
/// this process created for an output that is not finished yet is removed,
/// one line is printed, and the process exits with 128 + the signal's number
/// (130 for SIGINT, 143 for SIGTERM).
///
/// The signals are blocked in every thread and taken by one thread with
/// `sigwait`, so the clean-up runs as ordinary code. It holds the registry's
/// lock until the process exits: a writer that has not registered its file
/// yet waits, and never creates it.
public enum Interruption {
    struct Registry {
        /// Paths to remove on interrupt, with how many registrations hold each.
        var paths: [String: Int] = [:]
        var message = "its unfinished outputs were removed"
    }

    static let registry = Mutex(Registry())

    /// Blocks SIGINT and SIGTERM and starts the thread that handles them.
    /// Call first in `main`, before any other thread starts (threads inherit
    /// the blocked set).
    public static func install(exitMessage: @escaping @Sendable (String) -> Void) {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let wanted = signals
        let thread = Thread {
            var number: Int32 = 0
            var set = wanted
            while sigwait(&set, &number) != 0 {}
            registry.withLock { registry in
                // Innermost first, so a file is gone before its folder.
                for path in registry.paths.keys.sorted(by: { $0.count > $1.count }) {
                    try? FileManager.default.removeItem(atPath: path)
                }
                let name = number == SIGINT ? "SIGINT" : "SIGTERM"
                exitMessage("error: interrupted by \(name); \(registry.message)")
                _exit(128 + number)
            }
        }
        thread.name = "fieldlab-signals"
        thread.start()
    }

    /// What the interrupted command's one line says after "interrupted by SIGINT; ".
    public static func setMessage(_ text: String) {
        registry.withLock { $0.message = text }
    }

    /// Runs `body`, which creates `path`, and registers `path` for removal
    /// on interrupt, both under the lock: an interrupt cannot fall between
    /// them. Returns what `body` returns.
    public static func creating<T: Sendable>(_ path: String, _ body: () -> T) -> T {
        registry.withLock { registry in
            let value = body()
            registry.paths[path, default: 0] += 1
            return value
        }
    }

    /// `path` is to stay whatever happens (a sweep folder, resumable): it and
    /// every registered folder that holds it are taken off the list.
    public static func keep(_ path: String) {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        registry.withLock { registry in
            for registered in registry.paths.keys {
                let standard = URL(fileURLWithPath: registered).standardizedFileURL.path
                if path == standard || path.hasPrefix(standard.hasSuffix("/") ? standard : standard + "/") {
                    registry.paths[registered] = nil
                }
            }
        }
    }

    /// `path` is finished (or gone): an interrupt leaves it alone.
    public static func finished(_ path: String) {
        registry.withLock { registry in
            guard let n = registry.paths[path] else { return }
            registry.paths[path] = n > 1 ? n - 1 : nil
        }
    }
}
