/// Builds the indicator CSV in memory; written in one atomic step, so a failed run leaves no partial file.
struct IndicatorCSVWriter {
    private var text: String
    private(set) var rowCount = 0

    init(columns: [String]) {
        text = (["open_time"] + columns).joined(separator: ",") + "\n"
    }

    /// One row; NaN values (warm-up) become empty cells, others keep full double precision.
    mutating func append(openTime: Int64, values: [Double]) {
        text += String(openTime)
        for value in values {
            text += ","
            if !value.isNaN { text += value.description }
        }
        text += "\n"
        rowCount += 1
    }

    func write(to path: String) throws {
        try OutputFile.write(text, to: path)
    }
}
