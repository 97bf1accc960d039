import ArgumentParser
import Foundation
import EvaluationMetricsExperiments
import ExperimentRecords
import Numerics
import Retrieval
import RetrievalExperiments

/// `workbook train m11`: Chapter 11's full run, the whole New Testament and a longer-trained reader.
struct TrainM11: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m11", abstract: "Chapter 11's full evaluation: search across all 7,950 verses, HNSW on their embeddings, and the answering reader.",
        discussion: """
            Encodes 15,900 verses (about 100 s on 2 threads), prints recall@k, MRR@10, nDCG@10 and MAP for BM25, MiniLM and \
            their fusion on all queries and on the low-overlap ones, HNSW's recall on the verse embeddings, then trains the \
            reader and prints exact match and F1 by context.
            """)

    @OptionGroup var options: PackageOptions

    @Option(parsing: .unconditional, help: "Reader training steps, at least 1 (the suite trains \(ElementAnswering.Settings.suite.steps)).")
    var readerSteps = 3000

    @Flag(help: "Skip the search evaluation (only the reader).")
    var skipSearch = false

    func validate() throws {
        try CommandLineCheck.require(readerSteps >= 1, "--reader-steps", readerSteps, "must be at least 1")
    }

    func run() throws {
        let root = options.root
        let tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: root))
        let encoder = try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: root)))
        if !skipSearch {
            let study = try NewTestamentRetrieval(pairs: TranslationPairs(root: root), documentBooks: nil, queryBooks: nil, encoder: encoder, tokenizer: tokenizer,
                                                  progress: { print($0) })
            print("\(study.queryReferences.count) queries (WEB) against \(study.references.count) verses (KJV); \(study.lowOverlapQueries.count) low-overlap queries")
            print("Encoding: \(study.textsEncoded) texts, \(study.tokensEncoded) tokens, \(formatted(study.encodingSeconds, digits: 1)) s: \(formatted(Double(study.tokensEncoded) / study.encodingSeconds, digits: 0)) tokens/s")
            for low in [false, true] {
                print(low ? "\nLow-overlap queries:" : "\nAll queries:")
                print(["method"].joined() + NewTestamentRetrieval.measures.map { "\t" + $0.description }.joined())
                for m in NewTestamentRetrieval.Method.allCases {
                    print(m.rawValue + NewTestamentRetrieval.measures.map { "\t" + formatted(study.mean($0, m, lowOverlapOnly: low), digits: 4) }.joined())
                }
            }
            let hnsw = try VectorSearchStudy(vectors: study.documentEmbeddings, queries: Array(study.documentEmbeddings.prefix(1000)))
            print("\nHNSW on the verse embeddings, built in \(formatted(hnsw.buildSeconds, digits: 1)) s, the first 1,000 verses as queries:")
            for point in hnsw.points { print("ef \(point.breadth): recall@10 \(formatted(point.recallAt10, digits: 4))") }
        }
        var settings = ElementAnswering.Settings.suite
        settings.steps = readerSteps
        settings.workers = 2
        let progress = TrainingProgress(label: "M11 reader", total: readerSteps, unit: "step")
        let answering = try ElementAnswering(elements: ElementFacts.all(root: root), encoder: encoder, tokenizer: tokenizer, settings: settings,
                                             progress: { progress.update(step: $0, loss: $1) })
        print("\nReader: \(answering.questions.count) questions on \(answering.heldOutElements) held-out elements, \(readerSteps) steps in \(formatted(answering.trainingSeconds, digits: 1)) s")
        for r in answering.results {
            print("\(r.context.rawValue)\tEM \(formatted(r.exactMatch, digits: 1))\tF1 \(formatted(r.f1, digits: 1))\tright passage \(formatted(100 * r.rightPassage, digits: 1))%")
        }
    }
}
