import Numerics

// listing: ring-all-reduce
/// The sum of every process's `values`, element by element, in place on every process, with
/// point-to-point messages around a ring (rank r sends to r + 1 and receives from r − 1).
/// The buffer is cut into N chunks (`evenSlices`). In N − 1 reduce-scatter steps each rank
/// passes one chunk on and adds the chunk it receives, so that afterwards rank r holds the
/// full sum of chunk r + 1; in N − 1 all-gather steps the finished chunks travel once more
/// around the ring. Each rank sends 2·(N − 1)/N of the buffer in all, whatever N: why the ring
/// is bandwidth-optimal. Returns the bytes this rank sent. All ranks must pass buffers of the
/// same length.
@discardableResult
public func ringAllReduce(_ values: inout [Float], communicator: MPICommunicator) throws -> Int {
    let n = communicator.size, rank = communicator.rank
    guard n > 1 else { return 0 }
    // exercise: M14.1 write the ring all-reduce: N − 1 reduce-scatter steps adding the chunk received, then N − 1 all-gather steps, returning the bytes sent (Chapter 14, the ring)
    let chunks = try evenSlices(count: values.count, parts: n)
    let right = (rank + 1) % n, left = (rank + n - 1) % n
    var incoming = [Float](repeating: 0, count: chunks[0].count), sent = 0
    func chunk(_ k: Int) -> Range<Int> { chunks[((k % n) + n) % n] }
    try values.withUnsafeMutableBufferPointer { v in
        try incoming.withUnsafeMutableBufferPointer { buffer in
            // Reduce-scatter: at step s, send chunk rank − s, receive chunk rank − s − 1 and add it in.
            for s in 0..<(n - 1) {
                let out = chunk(rank - s), into = chunk(rank - s - 1)
                try communicator.sendReceive(UnsafeBufferPointer(rebasing: v[out]), to: right,
                                             into: UnsafeMutableBufferPointer(rebasing: buffer[0..<into.count]), from: left)
                for (i, j) in into.enumerated() { v[j] += buffer[i] }
                sent += out.count * MemoryLayout<Float>.size
            }
            // All-gather: rank r now holds the sum of chunk r + 1; pass the finished chunks on.
            for s in 0..<(n - 1) {
                let out = chunk(rank + 1 - s), into = chunk(rank - s)
                try communicator.sendReceive(UnsafeBufferPointer(rebasing: v[out]), to: right,
                                             into: UnsafeMutableBufferPointer(rebasing: buffer[0..<into.count]), from: left)
                for (i, j) in into.enumerated() { v[j] = buffer[i] }
                sent += out.count * MemoryLayout<Float>.size
            }
        }
    }
    return sent
    // end exercise
}
// end listing
