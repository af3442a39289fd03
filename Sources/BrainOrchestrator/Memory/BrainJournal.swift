import AgentTools
import Foundation
import ProdCore

/// The brain's journal of one run, `storage/brain/run-N.journal`: one JSON entry per line.
/// Entries are written before the decision they lead to is sent (ARCHITECTURE.md §4's rule for
/// the runner, applied to the agents), so the runner never acts on a decision the journal lacks.
/// A process kill cannot lose what `write` returned; a line cut short by one is dropped on open.
final class BrainJournal {
    let path: String
    private let descriptor: Int32
    private var pending = Data()
    /// An entry per decision point: Foundation's encoder cost more than the agents (DEVELOPERS.md, "The main job").
    private let encoder = ByteJSONEncoder(nonFiniteAsStrings: true)

    /// Opens (or creates) the journal of `runId` in `folder`, handing each entry it holds to
    /// `replay` in order: one at a time, so a year of decision points is never all in memory.
    static func open(folder: String, runId: Int64, replay: (BrainJournalEntry) throws -> Void) throws -> BrainJournal {
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw BrainJournalError("cannot create \(folder): \(String(cString: strerror(errno)))")
        }
        let path = "\(folder)/run-\(runId).journal"
        let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BrainJournalError("cannot open \(path): \(String(cString: strerror(errno)))") }
        let journal = BrainJournal(path: path, descriptor: descriptor)
        try journal.readAndTrim(replay)
        return journal
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Reads every complete line and cuts off a last line a kill left unfinished.
    private func readAndTrim(_ replay: (BrainJournalEntry) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw BrainJournalError("cannot read \(path)") }
        let newline = UInt8(ascii: "\n")
        let complete = data.lastIndex(of: newline).map { $0 + 1 } ?? data.startIndex
        if complete < data.endIndex && ftruncate(descriptor, off_t(complete - data.startIndex)) != 0 {
            throw BrainJournalError("cannot trim \(path): \(String(cString: strerror(errno)))")
        }
        lseek(descriptor, off_t(complete - data.startIndex), SEEK_SET)
        // snake_case: decision points hold the runner's snapshot message as it came (wire keys).
        let decoder = ByteJSONDecoder(snakeCaseKeys: true, nonFiniteFromStrings: true)
        var start = data.startIndex, number = 0
        while start < complete {
            let end = data[start..<complete].firstIndex(of: newline)!
            number += 1
            let entry: BrainJournalEntry
            do {
                entry = try decoder.decode(BrainJournalEntry.self, from: data[start..<end])
            } catch {
                throw BrainJournalError("\(path) line \(number) is damaged (\(error)); move the file aside to start the agents afresh")
            }
            try replay(entry)
            start = end + 1
        }
    }

    /// Keeps `entry` to be written with the next `flush`.
    func append(_ entry: BrainJournalEntry) throws {
        do {
            pending.append(contentsOf: try encoder.encode(entry))
        } catch {
            throw BrainJournalError("cannot encode a brain journal entry for \(path): \(error)")
        }
        pending.append(UInt8(ascii: "\n"))
    }

    /// Keeps a decision point's entry with the snapshot the runner sent, byte for byte (its
    /// message's JSON, snake_case keys and `type` included, which the entry's decoding ignores),
    /// in the layout of `.decision(number:snapshot:health:)`: re-encoding it cost more than the agents.
    func appendDecision(number: Int, snapshotJSON: [UInt8], health: HealthReadings) throws {
        do {
            pending.append(contentsOf: #"{"decision":{"number":"#.utf8)
            pending.append(contentsOf: String(number).utf8)
            pending.append(contentsOf: #","snapshot":"#.utf8)
            pending.append(contentsOf: snapshotJSON)
            pending.append(contentsOf: #","health":"#.utf8)
            pending.append(contentsOf: try encoder.encode(health))
            pending.append(contentsOf: "}}\n".utf8)
        } catch {
            throw BrainJournalError("cannot encode a brain journal entry for \(path): \(error)")
        }
    }

    /// Writes what was appended; throws naming the file and the cause (a full disk, say).
    func flush() throws {
        var offset = 0
        while offset < pending.count {
            let written = pending.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw BrainJournalError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// The run finished: nothing is left to resume, so its journal goes.
    func remove() {
        unlink(path)
    }
}
