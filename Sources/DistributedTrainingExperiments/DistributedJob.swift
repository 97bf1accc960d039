import Foundation
import DistributedTraining
import GPT
import GPTFastPath
import GSL
import Numerics

/// What the ranks of one `mpirun` job do, written by the launching process as JSON and read by
/// every rank (from the file `WORKBOOK_MPI_JOB` names, or `workbook distributed-rank --job`).
/// Rank 0 writes the result to `resultPath`.
public struct DistributedJob: Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// Train the same model with each trainer (MPI_Allreduce, ring, ZeRO-1) and report losses and weights.
        case training
        /// Sum random buffers of odd sizes with the ring and with MPI_Allreduce.
        case ringCheck
        /// One rank fails (`failure`) while the others wait in a collective.
        case failure
    }
    public enum Failure: String, Codable, Sendable { case throwsError = "throws", killed }

    public var kind: Kind
    public var resultPath: String
    /// For `training`: the Shakespeare corpus's folder, the model and how long to train.
    public var root = "."
    public var layers = 2, heads = 2, width = 32, blockSize = 32, batchSize = 8
    public var steps = 4, seed: UInt = 5, modelSeed: UInt = 3, learningRate = 3e-3
    /// Which trainers a `training` job runs (`TrainerComparison.Trainer` raw values; nil: all).
    public var trainers: [String]?
    /// For `failure`: which rank fails, and how.
    public var failingRank = 1, failure = Failure.throwsError

    public init(kind: Kind, resultPath: String) { (self.kind, self.resultPath) = (kind, resultPath) }

    /// A job file may leave out any field but `kind` and `resultPath`; the rest keep the defaults above.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(kind: try c.decode(Kind.self, forKey: .kind), resultPath: try c.decode(String.self, forKey: .resultPath))
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws { value = try c.decodeIfPresent(T.self, forKey: key) ?? value }
        try read(.root, into: &root)
        try read(.layers, into: &layers); try read(.heads, into: &heads); try read(.width, into: &width)
        try read(.blockSize, into: &blockSize); try read(.batchSize, into: &batchSize)
        try read(.steps, into: &steps); try read(.seed, into: &seed); try read(.modelSeed, into: &modelSeed)
        try read(.learningRate, into: &learningRate); try read(.failingRank, into: &failingRank); try read(.failure, into: &failure)
        trainers = try c.decodeIfPresent([String].self, forKey: .trainers)
    }

    /// Throws `ArgumentError` for what the job cannot run on `ranks` processes: fewer than 2
    /// steps (the first is not timed), no trainer or an unknown one, a failing rank that does
    /// not exist, or nowhere to write the result. The model's own settings are checked when
    /// the model is built.
    public func validate(ranks: Int) throws {
        try ArgumentError.require(!resultPath.isEmpty, "resultPath", "\"\"", allowed: "the file rank 0 writes the result to")
        let folder = URL(fileURLWithPath: resultPath).deletingLastPathComponent().path
        func isFolder(_ path: String) -> Bool {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
        }
        try ArgumentError.require(isFolder(folder) && !isFolder(resultPath), "resultPath", resultPath, allowed: "a file in an existing folder")
        switch kind {
        case .training:
            try ArgumentError.requireAtLeast(2, steps, "steps")
            if let trainers {
                let known = TrainerComparison.Trainer.allCases.map(\.rawValue)
                try ArgumentError.require(!trainers.isEmpty && trainers.allSatisfy(known.contains), "trainers", "\(trainers)",
                                          allowed: "one or more of \(known)")
            }
        case .failure:
            try ArgumentError.require((0..<ranks).contains(failingRank), "failingRank", failingRank, allowed: "a rank in 0..<\(ranks)")
        case .ringCheck: break
        }
    }

    public var configuration: GPTConfiguration {
        GPTConfiguration(layers: layers, heads: heads, width: width, blockSize: blockSize, batchSize: batchSize)
    }

    /// The environment variable that names a job file for the test bundle's rank entry.
    public static let environmentVariable = "WORKBOOK_MPI_JOB"

    /// Runs this process's part of the job in `mpirun`. An error on any rank is printed with
    /// the rank and stops the whole job (`MPI_Abort`), so no other rank waits for it forever.
    public static func runRank(jobFile: String) -> Never {
        let communicator: MPICommunicator
        do { communicator = try MPICommunicator.world() } catch {
            FileHandle.standardError.write(Data("MPI did not start: \(error)\n".utf8))
            exit(2)
        }
        do {
            let job = try load(jobFile)
            try job.validate(ranks: communicator.size)
            let result = try job.run(communicator)
            if communicator.rank == 0, let result {
                try JSONEncoder().encode(result).write(to: URL(fileURLWithPath: job.resultPath), options: .atomic)
            }
            try communicator.barrier()
            MPICommunicator.finalize()
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("rank \(communicator.rank) of \(communicator.size) failed: \(error)\n".utf8))
            communicator.abort(code: 3)
        }
    }

    /// The job in `file`; throws `FileFormatError` naming the file when it cannot be read or is not a job.
    static func load(_ file: String) throws -> DistributedJob {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw FileFormatError(file: file, line: 0, problem: "cannot be read (\(error.localizedDescription))")
        }
        do { return try JSONDecoder().decode(DistributedJob.self, from: data) } catch let DecodingError.dataCorrupted(context) {
            throw FileFormatError(file: file, line: 0, problem: "is not a job: \(context.debugDescription) at \(context.codingPath.map(\.stringValue))")
        } catch let DecodingError.keyNotFound(key, _) {
            throw FileFormatError(file: file, line: 0, problem: "is not a job: it has no \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw FileFormatError(file: file, line: 0, problem: "is not a job: \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch {
            throw FileFormatError(file: file, line: 0, problem: "is not a job (\(error))")
        }
    }

    func run(_ communicator: MPICommunicator) throws -> DistributedResult? {
        switch kind {
        case .training: return .training(try TrainerComparison.run(self, communicator))
        case .ringCheck: return .ring(try RingCheck.run(communicator))
        case .failure:
            if communicator.rank == failingRank {
                switch failure {
                case .throwsError: throw ArgumentError(parameter: "failingRank", value: "\(failingRank)", allowed: "this rank was told to fail")
                case .killed: kill(getpid(), SIGKILL)
                }
            }
            var buffer = [Float](repeating: 1, count: 1000)
            try communicator.allReduceSum(&buffer)   // waits for the failing rank, which never comes
            return nil
        }
    }
}

/// What rank 0 reports.
public enum DistributedResult: Codable, Sendable {
    case training(TrainerComparison)
    case ring(RingCheck)
}
