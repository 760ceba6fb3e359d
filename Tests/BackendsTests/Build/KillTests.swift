import Foundation
import Testing

@testable import Backends

/// A build killed with SIGKILL in the middle of writing an output: nothing partial may appear in
/// the cache, and the next build must finish. The killed build runs in a child process: this test
/// binary again, running only `childBuild`, which is enabled by an environment variable.
@Suite("Build executor: killed builds", .serialized)
struct KillTests {
    static let folderVariable = "SCRIPTC_KILL_TEST_FOLDER"
    static let payload = String(repeating: "frame data ", count: 50_000)

    /// card1 is quick; card2 writes half its output, signals, then hangs until killed.
    static func nodes(slow: Bool) -> [BuildNode] {
        let marker = "started"
        return [
            BuildNode(id: 0, key: "quick-card", fileExtension: "txt", label: "card1") { context in
                try Data("card one".utf8).write(to: context.output)
            },
            BuildNode(id: 1, key: "slow-card", fileExtension: "txt", dependencies: [0], label: "card2") { context in
                let handle = try FileHandle(forWritingTo: {
                    _ = FileManager.default.createFile(atPath: context.output.path, contents: nil)
                    return context.output
                }())
                try handle.write(contentsOf: Data(payload.prefix(payload.count / 2).utf8))
                if slow {
                    let folder = context.output.deletingLastPathComponent().deletingLastPathComponent()
                    try Data().write(to: folder.appendingPathComponent(marker))
                    Thread.sleep(forTimeInterval: 120)
                }
                try handle.write(contentsOf: Data(payload.suffix(payload.count - payload.count / 2).utf8))
                try handle.close()
            },
        ]
    }

    @Test(
        "child side: a build that hangs mid-write (runs only when the parent test starts it)",
        .enabled(if: ProcessInfo.processInfo.environment[folderVariable] != nil))
    func childBuild() throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment[Self.folderVariable]!)
        _ = try BuildExecutor(outputFolder: folder, jobs: 2, log: .quiet).run(Self.nodes(slow: true))
    }

    @Test(
        "a build killed mid-write leaves no partial output and the next build completes",
        .enabled(if: ProcessInfo.processInfo.environment[folderVariable] == nil))
    func killedBuild() throws {
        let folder = try MediaSupport.temporaryFolder("build-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "childBuild"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.folderVariable] = folder.path
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let marker = folder.appendingPathComponent("started")
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: marker.path), Date() < deadline, child.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require(FileManager.default.fileExists(atPath: marker.path), "the child build never reached card2")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)

        let nodes = Self.nodes(slow: false)
        let executor = BuildExecutor(outputFolder: folder, jobs: 2, log: .quiet)
        let keys = try BuildExecutor.effectiveKeys(nodes)
        // The quick node made it into the cache; the killed one left only a hidden temporary.
        #expect(executor.cache.contains(key: keys[0]!, fileExtension: "txt"))
        #expect(!executor.cache.contains(key: keys[1]!, fileExtension: "txt"))
        #expect(try MediaSupport.leftovers(in: executor.cache.folder).count == 1)

        let summary = try executor.run(nodes)
        #expect(summary.ran == 1 && summary.cached == 1)
        let output = executor.cache.url(key: keys[1]!, fileExtension: "txt")
        #expect(try String(contentsOf: output, encoding: .utf8) == Self.payload)
        #expect(try MediaSupport.leftovers(in: executor.cache.folder).isEmpty)
    }
}
