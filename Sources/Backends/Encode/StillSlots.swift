import Foundation

/// A still card encoded once as a short, self-contained run of H.264 frames (Annex B byte stream):
/// an IDR frame with its parameter sets, then `frames - 1` predicted frames that repeat it.
///
/// A shot of N frames is the slot repeated N / frames times followed by the first N % frames
/// frames of it. That is valid H.264 because every slot starts with an IDR frame (nothing before
/// it is referenced) and a prefix of a slot only drops trailing frames nothing refers to. So a
/// card is encoded once whatever its shots last, and an edit re-encodes only the cards it changes.
public struct StillSlot: Sendable, Hashable {
    /// The slot's Annex B bytes.
    public let bytes: [UInt8]
    /// Byte offset where each frame starts, plus `bytes.count` at the end (`frames + 1` entries).
    public let frameOffsets: [Int]

    public var frames: Int { frameOffsets.count - 1 }

    /// Splits `bytes` into frames; nil unless it is a well-formed slot (starts with an IDR frame).
    public init?(bytes: [UInt8]) {
        let units = AnnexB.frames(in: bytes)
        guard let first = units.first, first.isIDR else { return nil }
        self.bytes = bytes
        frameOffsets = units.map(\.start) + [bytes.count]
    }

    init(bytes: [UInt8], frameOffsets: [Int]) {
        self.bytes = bytes
        self.frameOffsets = frameOffsets
    }

    /// The bytes of the first `count` frames.
    public func prefix(frames count: Int) -> ArraySlice<UInt8> {
        bytes[0..<frameOffsets[min(max(count, 0), frames)]]
    }

    /// How a shot of `frames` frames is made from slots of `slotFrames`: whole slots, then a prefix.
    public static func pieces(frames: Int, slotFrames: Int) -> (whole: Int, remainder: Int) {
        (frames / slotFrames, frames % slotFrames)
    }
}

/// Just enough of the H.264 Annex B byte stream (ITU-T H.264 §7.3.1, Annex B) to find where each
/// coded frame starts: NAL units begin after a `00 00 01` start code; a frame begins with the
/// first non-VCL unit (parameter sets, SEI, delimiter) before a slice whose `first_mb_in_slice` is
/// 0, or with that slice itself.
public enum AnnexB {
    public struct Frame: Sendable, Hashable {
        /// Offset of the frame's first byte (its first start code).
        public var start: Int
        /// Whether its slices are IDR slices (NAL type 5).
        public var isIDR: Bool
    }

    /// The NAL units: (offset of the start code, NAL unit type, first payload byte or nil).
    static func units(in bytes: [UInt8]) -> [(start: Int, type: UInt8, next: UInt8?)] {
        var result: [(Int, UInt8, UInt8?)] = []
        let count = bytes.count
        var index = 0
        while index + 3 < count {
            if bytes[index] == 0 && bytes[index + 1] == 0 && bytes[index + 2] == 1 {
                // A four-byte start code's leading zero belongs to this unit.
                let start = index > 0 && bytes[index - 1] == 0 ? index - 1 : index
                let header = bytes[index + 3]
                result.append((start, header & 0x1F, index + 4 < count ? bytes[index + 4] : nil))
                index += 3
            } else {
                index += 1
            }
        }
        return result
    }

    /// The coded frames of an Annex B stream, in stream order.
    public static func frames(in bytes: [UInt8]) -> [Frame] {
        var frames: [Frame] = []
        var pending: Int?
        for unit in units(in: bytes) {
            switch unit.type {
            case 1, 5:
                // first_mb_in_slice is ue(v); the value 0 is the single bit 1.
                if let next = unit.next, next & 0x80 != 0 {
                    frames.append(Frame(start: pending ?? unit.start, isIDR: unit.type == 5))
                }
                pending = nil
            default:
                if pending == nil { pending = unit.start }
            }
        }
        return frames
    }
}
