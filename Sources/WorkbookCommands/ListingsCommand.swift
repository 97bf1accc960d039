import ArgumentParser
import Foundation
import LiterateChapters
import Numerics

struct ListingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listings",
        abstract: "Check that every chapter's code listings equal their marked source regions, or copy them over with --write.")

    @OptionGroup var options: PackageOptions

    @Flag(help: "Rewrite drifted listings from the sources instead of reporting them.")
    var write = false

    func run() throws {
        let chapters = options.root.appendingPathComponent("Chapters")
        let files = ((try? FileManager.default.contentsOfDirectory(at: chapters, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
        guard !files.isEmpty else { throw fail("no chapters (*.md) in \(chapters.path): nothing to check") }
        var drifted = 0, listings = 0
        do {
            for file in files {
                let chapter = ChapterListings(chapter: file, packageRoot: options.root)
                listings += try chapter.count()
                let drift = try chapter.drift()
                drifted += drift.count
                if write, !drift.isEmpty {
                    try Data(chapter.synchronized().utf8).write(to: file, options: .atomic)
                    print("\(file.lastPathComponent): copied \(drift.count) listing(s) from the sources")
                } else {
                    drift.forEach { print($0) }
                }
            }
        } catch { throw fail(error) }
        guard listings > 0 else { throw fail("no listings in the \(files.count) chapters of \(chapters.path): nothing to check") }
        if drifted == 0 { print("All \(listings) listings match their sources (\(files.count) chapters).") }
        if drifted > 0 && !write { throw ExitCode.failure }
    }
}
