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
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()

    /// Opens (or creates) the journal of `runId` in `folder` and returns the entries it holds.
    static func open(folder: String, runId: Int64) throws -> (journal: BrainJournal, entries: [BrainJournalEntry]) {
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw BrainJournalError("cannot create \(folder): \(String(cString: strerror(errno)))")
        }
        let path = "\(folder)/run-\(runId).journal"
        let descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BrainJournalError("cannot open \(path): \(String(cString: strerror(errno)))") }
        let journal = BrainJournal(path: path, descriptor: descriptor)
        let entries = try journal.readAndTrim()
        return (journal, entries)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Reads every complete line and cuts off a last line a kill left unfinished.
    private func readAndTrim() throws -> [BrainJournalEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BrainJournalError("cannot read \(path)") }
        let complete = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        if complete < data.count && ftruncate(descriptor, off_t(complete)) != 0 {
            throw BrainJournalError("cannot trim \(path): \(String(cString: strerror(errno)))")
        }
        lseek(descriptor, off_t(complete), SEEK_SET)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var entries: [BrainJournalEntry] = []
        for (number, line) in data[..<complete].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().enumerated() {
            do {
                entries.append(try decoder.decode(BrainJournalEntry.self, from: Data(line)))
            } catch {
                throw BrainJournalError("\(path) line \(number + 1) is damaged (\(error)); move the file aside to start the agents afresh")
            }
        }
        return entries
    }

    /// Keeps `entry` to be written with the next `flush`.
    func append(_ entry: BrainJournalEntry) throws {
        do {
            pending.append(try encoder.encode(entry))
        } catch {
            throw BrainJournalError("cannot encode a brain journal entry for \(path): \(error)")
        }
        pending.append(UInt8(ascii: "\n"))
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
