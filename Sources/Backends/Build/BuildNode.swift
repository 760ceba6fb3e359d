import Foundation

/// One step of a build: a generator call or an assembly step that writes one output file.
///
/// The executor is generic over these so it does not depend on how the plan is made; the build
/// command turns each plan node into one (`key` = the node's content hash, `run` = the backend
/// call). A node's cache key also covers its dependencies' keys, so when an input changes, the
/// node and everything downstream of it re-run and nothing else does.
public struct BuildNode: Sendable {
    /// How a node may share the machine.
    public enum Lane: Sendable, Hashable {
        /// Runs on any worker, in parallel with anything.
        case parallel
        /// At most one node of the named lane runs at a time (a library with process-global state,
        /// such as espeak-ng, whose calls its owner serialises anyway).
        case exclusive(String)
    }

    /// Unique within a build; dependencies refer to it.
    public var id: Int
    /// The content hash of this node's own inputs and generator version.
    public var key: String
    /// The extension of its output file in the cache (`png`, `wav`, `mp4`, …).
    public var fileExtension: String
    public var dependencies: [Int]
    public var lane: Lane
    /// For progress lines and errors: "visual 3A", "speech MARGO #4".
    public var label: String
    /// What dependents see of this node. `.key` (the default): its effective key, so any change
    /// upstream re-runs them. `.content`: the SHA-256 of its output, so when the node re-runs and
    /// writes the same bytes (a mix span whose neighbour changed only outside what it hears),
    /// its dependents stay cached.
    public var identity: Identity = .key

    public enum Identity: Sendable, Hashable { case key, content }
    /// Writes the output to `context.output`. It may throw; the executor renames the file into
    /// the cache only when `run` returns normally and the file exists.
    public var run: @Sendable (BuildContext) throws -> Void

    public init(
        id: Int, key: String, fileExtension: String, dependencies: [Int] = [], lane: Lane = .parallel,
        label: String, run: @escaping @Sendable (BuildContext) throws -> Void
    ) {
        self.id = id
        self.key = key
        self.fileExtension = fileExtension
        self.dependencies = dependencies
        self.lane = lane
        self.label = label
        self.run = run
    }
}

/// What a running node sees.
public struct BuildContext: Sendable {
    /// Where to write the output: a temporary file in the cache folder.
    public let output: URL
    /// The cached outputs of the node's dependencies, by node id.
    public let inputs: [Int: URL]
    /// The node's effective cache key (its own key combined with its dependencies').
    public let key: String
}

/// What can stop a build.
public enum BuildError: Error, CustomStringConvertible {
    case invalidGraph(String)
    case nodeFailed(label: String, message: String)
    case missingOutput(label: String)
    /// The output folder could not be taken (`BuildCache.lock`).
    case folderLock(String)

    public var description: String {
        switch self {
        case .invalidGraph(let message): "invalid build graph: \(message)"
        case .nodeFailed(let label, let message): "\(label) failed: \(message)"
        case .missingOutput(let label): "\(label) finished without writing its output"
        case .folderLock(let message): message
        }
    }
}
