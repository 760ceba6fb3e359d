/// An array built by appending, through a small buffer of unsafe storage: most appends are a store
/// and a count increment, and the buffer goes into the array a few hundred entries at a time, so
/// the array's uniqueness and capacity checks are paid once per batch rather than once per entry.
/// For trivial element types only. The owner calls `deallocate()` when done.
struct AppendBuffer<Entry> {
    /// The entries flushed so far; `finish()` flushes the rest.
    private(set) var array: [Entry]
    private let batch: UnsafeMutablePointer<Entry>
    private let batchCapacity: Int
    private var batchCount = 0

    init(reservingCapacity capacity: Int, batch batchCapacity: Int) {
        array = []
        array.reserveCapacity(capacity)
        self.batchCapacity = batchCapacity
        batch = .allocate(capacity: batchCapacity)
    }

    @inline(__always) var count: Int { array.count + batchCount }

    @inline(__always) mutating func append(_ value: Entry) {
        if batchCount == batchCapacity { flush() }
        (batch + batchCount).initialize(to: value)
        batchCount += 1
    }

    /// Moves the buffered entries into `array`.
    mutating func flush() {
        guard batchCount > 0 else { return }
        array.append(contentsOf: UnsafeBufferPointer(start: batch, count: batchCount))
        batch.deinitialize(count: batchCount)
        batchCount = 0
    }

    subscript(i: Int) -> Entry {
        get {
            let k = i - array.count
            if k < 0 { return array[i] }
            precondition(k < batchCount, "index out of range")
            return batch[k]
        }
        set {
            let k = i - array.count
            if k < 0 {
                array[i] = newValue
            } else {
                precondition(k < batchCount, "index out of range")
                batch[k] = newValue
            }
        }
    }

    var first: Entry? { array.isEmpty ? (batchCount > 0 ? batch[0] : nil) : array[0] }

    mutating func removeLast(_ k: Int) {
        flush()
        array.removeLast(k)
    }

    /// All entries, in order.
    mutating func finish() -> [Entry] {
        flush()
        return array
    }

    func deallocate() {
        batch.deinitialize(count: batchCount)
        batch.deallocate()
    }
}
