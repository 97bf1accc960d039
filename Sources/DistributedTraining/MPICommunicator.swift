import CMPI
import Foundation
import Numerics

/// An error an MPI call returned: which call, its error class and Open MPI's message.
public struct MPIError: Error, CustomStringConvertible, Sendable {
    public let function: String, code: Int32, message: String
    public var description: String { "\(function) failed (MPI error \(code)): \(message)" }

    /// Throws unless `code` is `MPI_SUCCESS`.
    static func check(_ code: Int32, _ function: String) throws {
        guard code != MPI_SUCCESS else { return }
        var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1), length: Int32 = 0
        MPI_Error_string(code, &text, &length)
        throw MPIError(function: function, code: code, message: String(decoding: text.prefix(Int(length)).map(UInt8.init(bitPattern:)), as: UTF8.self))
    }
}

/// The processes of one `mpirun` job (MPI_COMM_WORLD): this process's rank in 0..<size and the
/// collective operations the chapter uses, on Float buffers. Every process must make the same
/// collective calls in the same order with the same counts, as MPI requires. Errors come back
/// as `MPIError` (the communicator's error handler is set to return them, not abort).
public final class MPICommunicator: @unchecked Sendable {
    public let rank: Int, size: Int
    let world: MPI_Comm
    nonisolated(unsafe) static var shared: MPICommunicator?
    nonisolated(unsafe) static var finalized = false

    /// The job's communicator, initialising MPI on first use (once per process; MPI cannot be
    /// initialised again after `finalize`). Throws `MPIError` if MPI cannot start, and
    /// `ArgumentError` after `finalize`.
    public static func world() throws -> MPICommunicator {
        if let shared { return shared }
        try ArgumentError.require(!finalized, "MPI", "finalized", allowed: "MPI cannot start again in a process that called MPICommunicator.finalize()")
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 { try MPIError.check(MPI_Init(nil, nil), "MPI_Init") }
        let world = workbook_mpi_comm_world()!
        try MPIError.check(MPI_Comm_set_errhandler(world, workbook_mpi_errors_return()), "MPI_Comm_set_errhandler")
        var rank: Int32 = 0, size: Int32 = 0
        try MPIError.check(MPI_Comm_rank(world, &rank), "MPI_Comm_rank")
        try MPIError.check(MPI_Comm_size(world, &size), "MPI_Comm_size")
        let communicator = MPICommunicator(world: world, rank: Int(rank), size: Int(size))
        shared = communicator
        return communicator
    }

    init(world: MPI_Comm, rank: Int, size: Int) {
        (self.world, self.rank, self.size) = (world, rank, size)
    }

    /// Every process's `values` summed element by element, in place on every process
    /// (`MPI_Allreduce` with `MPI_SUM`; Open MPI picks the algorithm, so the order of the sum).
    public func allReduceSum(_ values: inout [Float]) throws {
        let count = Int32(values.count)
        try values.withUnsafeMutableBytes { buffer in
            try MPIError.check(MPI_Allreduce(workbook_mpi_in_place(), buffer.baseAddress, count, workbook_mpi_float(), workbook_mpi_sum(), world),
                               "MPI_Allreduce")
        }
    }

    /// The sum of `value` over every process, on every process.
    public func allReduceSum(_ value: Double) throws -> Double {
        var input = value, output = 0.0
        try MPIError.check(MPI_Allreduce(&input, &output, 1, workbook_mpi_double(), workbook_mpi_sum(), world), "MPI_Allreduce")
        return output
    }

    /// The largest `value` over every process, on every process.
    public func allReduceMax(_ value: Double) throws -> Double {
        var input = value, output = 0.0
        try MPIError.check(MPI_Allreduce(&input, &output, 1, workbook_mpi_double(), workbook_mpi_max(), world), "MPI_Allreduce")
        return output
    }

    /// The element-wise sum of every process's `values`, of which this process receives only
    /// its slice `slices[rank]` (`MPI_Reduce_scatter`). Throws `ArgumentError` unless the
    /// slices are one per process, in order, covering `values` exactly.
    public func reduceScatterSum(_ values: [Float], slices: [Range<Int>]) throws -> [Float] {
        try Self.requireCover(slices, count: values.count, processes: size)
        var counts = slices.map { Int32($0.count) }, slice = [Float](repeating: 0, count: slices[rank].count)
        try values.withUnsafeBytes { send in
            try slice.withUnsafeMutableBytes { receive in
                try MPIError.check(MPI_Reduce_scatter(send.baseAddress, receive.baseAddress, &counts, workbook_mpi_float(), workbook_mpi_sum(), world),
                                   "MPI_Reduce_scatter")
            }
        }
        return slice
    }

    /// Every process's `slice` concatenated in rank order, on every process (`MPI_Allgatherv`).
    /// Throws `ArgumentError` unless the slices cover the result exactly and `slice` has this
    /// process's length.
    public func allGather(_ slice: [Float], slices: [Range<Int>]) throws -> [Float] {
        let total = slices.last?.upperBound ?? 0
        try Self.requireCover(slices, count: total, processes: size)
        try ArgumentError.require(slice.count == slices[rank].count, "slice.count", slice.count, allowed: "this rank's \(slices[rank].count)")
        var counts = slices.map { Int32($0.count) }, offsets = slices.map { Int32($0.lowerBound) }
        var result = [Float](repeating: 0, count: total)
        try slice.withUnsafeBytes { send in
            try result.withUnsafeMutableBytes { receive in
                try MPIError.check(MPI_Allgatherv(send.baseAddress, Int32(slice.count), workbook_mpi_float(), receive.baseAddress, &counts, &offsets,
                                                  workbook_mpi_float(), world), "MPI_Allgatherv")
            }
        }
        return result
    }

    /// Sends `outgoing` to rank `destination` while receiving `incomingCount` floats from rank
    /// `source` (`MPI_Sendrecv`, which cannot deadlock on a ring the way two blocking sends can).
    /// Throws `ArgumentError` for a rank outside 0..<size.
    public func sendReceive(_ outgoing: UnsafeBufferPointer<Float>, to destination: Int,
                            into incoming: UnsafeMutableBufferPointer<Float>, from source: Int) throws {
        for (name, value) in [("destination", destination), ("source", source)] {
            try ArgumentError.require((0..<size).contains(value), name, value, allowed: "a rank in 0..<\(size)")
        }
        try MPIError.check(MPI_Sendrecv(outgoing.baseAddress, Int32(outgoing.count), workbook_mpi_float(), Int32(destination), 0,
                                        incoming.baseAddress, Int32(incoming.count), workbook_mpi_float(), Int32(source), 0,
                                        world, workbook_mpi_status_ignore()), "MPI_Sendrecv")
    }

    /// Waits until every process has called it.
    public func barrier() throws { try MPIError.check(MPI_Barrier(world), "MPI_Barrier") }

    /// Stops every process of the job (`MPI_Abort`): what a rank does when it fails, so that
    /// the others do not wait forever in a collective it will never join.
    public func abort(code: Int32) -> Never {
        MPI_Abort(world, code)
        exit(code)
    }

    /// Seconds on MPI's wall clock (`MPI_Wtime`).
    public static func time() -> Double { MPI_Wtime() }

    static func requireCover(_ slices: [Range<Int>], count: Int, processes: Int) throws {
        try ArgumentError.require(slices.count == processes, "slices.count", slices.count, allowed: "one per process (\(processes))")
        var next = 0
        for (k, s) in slices.enumerated() {
            try ArgumentError.require(s.lowerBound == next, "slices[\(k)]", "\(s)", allowed: "must start at \(next): slices in order, without gaps")
            next = s.upperBound
        }
        try ArgumentError.require(next == count, "slices", "ending at \(next)", allowed: "must cover all \(count) values")
    }
}

/// `count` indices split into `parts` contiguous slices whose lengths differ by at most one
/// (the first `count % parts` one longer): the chunks of a ring all-reduce and ZeRO's
/// partition of the parameters. Throws `ArgumentError` for `parts` below 1 or a negative count.
public func evenSlices(count: Int, parts: Int) throws -> [Range<Int>] {
    try ArgumentError.requireAtLeast(1, parts, "parts")
    try ArgumentError.requireAtLeast(0, count, "count")
    let base = count / parts, extra = count % parts
    var start = 0
    return (0..<parts).map { k in
        let length = base + (k < extra ? 1 : 0)
        defer { start += length }
        return start..<(start + length)
    }
}

extension MPICommunicator {
    /// Ends MPI in this process (`MPI_Finalize`); call once, after the last communication.
    public static func finalize() {
        MPI_Finalize()
        shared = nil
        finalized = true
    }
}
