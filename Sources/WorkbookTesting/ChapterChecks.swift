import Foundation
import Testing
import ExperimentRecords
import LiterateChapters
import Numerics

/// The package root: `swift test` runs with it as the working directory.
public let packageRoot = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

/// Where the listings' sources are: the package itself, or in a practice workspace (`workbook
/// practice start`) the reference copy, since the chapters show the reference code and the
/// learner's code differs from it on purpose.
public var listingSourcesRoot: URL {
    let reference = packageRoot.appendingPathComponent(".practice/reference")
    return FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(".practice/state.json").path) ? reference : packageRoot
}

/// Records an issue for every listing of `milestone`'s chapter that differs from its marked
/// source region, and one if the chapter has fewer than `minimum` listings.
public func expectListingsMatchSources(of milestone: Milestone, minimum: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let chapter = milestone.chapter
    let listings = ChapterListings(chapter: packageRoot.appendingPathComponent(chapter), packageRoot: listingSourcesRoot)
    let count = try listings.count()
    if count < minimum {
        Issue.record("\(chapter) has \(count) listings, expected at least \(minimum)", sourceLocation: sourceLocation)
    }
    for drift in try listings.drift() {
        Issue.record("\(drift)", sourceLocation: sourceLocation)
    }
}
