import Foundation
import Testing
import GPT
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

@Suite("M11 · Retrieval: outcomes")
struct RetrievalOutcomes {
    /// Margins stated before the final run (`NewTestamentRetrieval.lowOverlapMargin`).
    @Test("Dense retrieval beats BM25 on the low-overlap queries")
    func denseWinsOnLowOverlap() throws {
        attach(try SharedRuns.newTestamentRecord.get())
        let study = try SharedRuns.newTestament.get()
        #expect(study.lowOverlapQueries.count >= 50)
        let dense = study.mean(.recall(1), .dense, lowOverlapOnly: true), bm25 = study.mean(.recall(1), .bm25, lowOverlapOnly: true)
        #expect(dense >= bm25 + NewTestamentRetrieval.lowOverlapMargin, "recall@1 on low overlap: MiniLM \(dense), BM25 \(bm25)")
    }

    @Test("Hybrid search beats both BM25 and dense overall")
    func fusionWins() throws {
        attach(try SharedRuns.newTestamentRecord.get())
        let study = try SharedRuns.newTestament.get()
        let mrr = NewTestamentRetrieval.Method.allCases.map { study.mean(.reciprocalRank(10), $0) }
        #expect(mrr[2] >= max(mrr[0], mrr[1]) + NewTestamentRetrieval.fusionMargin, "MRR@10: BM25 \(mrr[0]), MiniLM \(mrr[1]), hybrid \(mrr[2])")
        for m in NewTestamentRetrieval.Method.allCases { #expect(study.mean(.recall(10), m) > 0.8, "\(m): recall@10") }
        #expect(try SharedRuns.verseHNSWRecall.get() >= 0.99, "HNSW on the verse embeddings")
    }

    @Test("HNSW reaches recall@10 of 0.95 at ef 64, and recall never falls as ef grows")
    func hnswRecall() throws {
        attach(try SharedRuns.vectorSearchRecord.get())
        let study = try SharedRuns.vectorSearch.get()
        #expect(study.chosen.recallAt10 >= VectorSearchStudy.requiredRecall, "recall@10 at ef \(study.chosen.breadth): \(study.chosen.recallAt10)")
        for (a, b) in zip(study.points, study.points.dropFirst()) { #expect(b.recallAt10 >= a.recallAt10, "ef \(a.breadth) → \(b.breadth)") }
    }

    /// Thresholds stated before the final run (`ElementAnswering.liftOverClosedBook`, `oracleGap`).
    @Test("Retrieved context lifts exact match far above closed-book and close to the oracle")
    func retrievalHelpsAnswering() throws {
        attach(try SharedRuns.answeringRecord.get())
        let a = try SharedRuns.answering.get()
        let closed = a.result(.closedBook).exactMatch, oracle = a.result(.oracle).exactMatch
        for context in [ElementAnswering.Context.bm25, .dense] {
            let em = a.result(context).exactMatch
            #expect(em >= closed + ElementAnswering.liftOverClosedBook, "\(context): \(em) vs closed-book \(closed)")
            #expect(em >= oracle - ElementAnswering.oracleGap, "\(context): \(em) vs oracle \(oracle)")
        }
    }

    @Test("The retrievers find the right passage for nearly every question")
    func retrieversFindThePassage() throws {
        attach(try SharedRuns.answeringRecord.get())
        let a = try SharedRuns.answering.get()
        #expect(a.result(.bm25).rightPassage >= 0.95)
        #expect(a.result(.dense).rightPassage >= 0.9)
        #expect(a.result(.oracle).rightPassage == 1 && a.result(.closedBook).rightPassage == 0)
    }
}

@Suite("M11 · Retrieval: chapter")
struct RetrievalChapter {
    @Test("Chapter 11's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .retrieval, minimum: 10)
    }
}

@Suite("M11 · Retrieval: what the reader refuses")
struct ElementAnsweringRefusals {
    @Test("The reader refuses settings it cannot train with, naming them")
    func refusals() throws {
        let (tokenizer, encoder) = try SharedRuns.model.get()
        let elements = try ElementFacts.all(root: packageRoot)
        func refused(_ change: (inout ElementAnswering.Settings) -> Void) -> String? {
            var settings = ElementAnswering.Settings.suite
            change(&settings)
            let error = #expect(throws: ArgumentError.self) { try ElementAnswering(elements: elements, encoder: encoder, tokenizer: tokenizer, settings: settings) }
            return error?.parameter
        }
        #expect(refused { $0.steps = 0 } == "settings.steps")
        #expect(refused { $0.workers = 3 } == "settings.workers")
        #expect(refused { $0.workers = 0 } == "settings.workers")
        #expect(refused { $0.configuration = GPTConfiguration(layers: 2, heads: 2, width: 64, blockSize: 20, batchSize: 16) } == "settings.configuration.blockSize")
    }
}
