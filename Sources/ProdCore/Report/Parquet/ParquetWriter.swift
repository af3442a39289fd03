import Foundation

/// Writes a `ReportTable` as an Apache Parquet file: flat schema, PLAIN encoding, no compression,
/// one data page (v1) per column chunk, `rowsPerGroup` rows per row group, min/max/null-count
/// statistics per page and chunk. Nullable columns carry RLE definition levels.
///
/// Physical and logical types: int64 → INT64; double and decimal → DOUBLE; string → BYTE_ARRAY
/// with the STRING logical type (UTF8); timestamp → INT64 TIMESTAMP(MILLIS, UTC).
public enum ParquetWriter {
    public static func data(_ table: ReportTable, rowsPerGroup: Int = 65_536) -> [UInt8] {
        precondition(rowsPerGroup > 0)
        var file: [UInt8] = Array("PAR1".utf8)
        var groups: [[ChunkInfo]] = []
        var groupRows: [Int] = []
        var start = 0
        while start < table.rowCount {
            let rows = start..<min(start + rowsPerGroup, table.rowCount)
            groups.append(table.columns.map { column in
                writeChunk(ParquetColumnSlice(column: column, rows: rows), into: &file)
            })
            groupRows.append(rows.count)
            start = rows.upperBound
        }
        let footer = footer(table, groups: groups, groupRows: groupRows)
        file += footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { file += $0 }
        file += Array("PAR1".utf8)
        return file
    }

    struct ChunkInfo {
        let offset: Int64
        let size: Int64
        let values: Int64
        let statistics: ParquetStatistics
    }

    private static func writeChunk(_ slice: ParquetColumnSlice, into file: inout [UInt8]) -> ChunkInfo {
        let page = slice.levels + slice.plainValues
        let statistics = slice.statistics
        var header = ThriftCompactWriter()
        header.i32(1, 0)  // DATA_PAGE
        header.i32(2, Int32(page.count))
        header.i32(3, Int32(page.count))
        header.structure(5) { dataPage in
            dataPage.i32(1, Int32(slice.rows.count))
            dataPage.i32(2, 0)  // PLAIN
            dataPage.i32(3, 3)  // RLE
            dataPage.i32(4, 3)  // RLE
            dataPage.structure(5) { statistics.write(&$0) }
        }
        header.stop()
        let offset = Int64(file.count)
        file += header.bytes
        file += page
        return ChunkInfo(
            offset: offset, size: Int64(header.bytes.count + page.count), values: Int64(slice.rows.count),
            statistics: statistics)
    }

    private static func footer(_ table: ReportTable, groups: [[ChunkInfo]], groupRows: [Int]) -> [UInt8] {
        var meta = ThriftCompactWriter()
        meta.i32(1, 1)
        meta.structList(2, count: table.columns.count + 1) { element, index in
            guard index > 0 else {
                element.string(4, "schema")
                element.i32(5, Int32(table.columns.count))
                return
            }
            ParquetColumnSlice.writeSchema(table.columns[index - 1], &element)
        }
        meta.i64(3, Int64(table.rowCount))
        meta.structList(4, count: groups.count) { group, index in
            let chunks = groups[index]
            group.structList(1, count: chunks.count) { chunk, column in
                let info = chunks[column]
                chunk.i64(2, info.offset)
                chunk.structure(3) { metadata in
                    metadata.i32(1, ParquetColumnSlice.physicalType(table.columns[column].values))
                    metadata.i32List(2, [0, 3])  // PLAIN values, RLE levels
                    metadata.stringList(3, [table.columns[column].name])
                    metadata.i32(4, 0)  // UNCOMPRESSED
                    metadata.i64(5, info.values)
                    metadata.i64(6, info.size)
                    metadata.i64(7, info.size)
                    metadata.i64(9, info.offset)
                    metadata.structure(12) { info.statistics.write(&$0) }
                }
            }
            group.i64(2, chunks.reduce(0) { $0 + $1.size })
            group.i64(3, Int64(groupRows[index]))
        }
        meta.string(6, "crupto version 0.4.0")
        // TYPE_ORDER for every column: readers use min_value/max_value only when the order is declared.
        meta.structList(7, count: table.columns.count) { order, _ in order.structure(1) { _ in } }
        meta.stop()
        return meta.bytes
    }
}
