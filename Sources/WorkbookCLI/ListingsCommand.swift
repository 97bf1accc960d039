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
        var drifted = 0
        do {
            for file in files {
                let listings = ChapterListings(chapter: file, packageRoot: options.root)
                let drift = try listings.drift()
                drifted += drift.count
                if write, !drift.isEmpty {
                    try Data(listings.synchronized().utf8).write(to: file, options: .atomic)
                    print("\(file.lastPathComponent): copied \(drift.count) listing(s) from the sources")
                } else {
                    drift.forEach { print($0) }
                }
            }
        } catch { throw fail(error) }
        if drifted == 0 { print("All listings match their sources (\(files.count) chapters).") }
        if drifted > 0 && !write { throw ExitCode.failure }
    }
}
